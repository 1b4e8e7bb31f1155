package dev.podnet.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.podnet.api.Resources;
import dev.podnet.api.Services;
import dev.podnet.cli.print.DeploymentDescription;
import dev.podnet.cli.print.Description;
import dev.podnet.cli.print.NodeDescription;
import dev.podnet.cli.print.PodDescription;
import dev.podnet.cli.print.ServiceDescription;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "describe", mixinStandardHelpOptions = true, description = "Show the details of objects, as kubectl describe does.")
final class DescribeCommand implements Callable<Integer> {
  private final Session session;

  @Parameters(arity = "1..*", paramLabel = "KIND [NAME...] | KIND/NAME...", description = "The objects: pod web, deploy/web, node node-1.")
  List<String> args = new ArrayList<>();

  @Mixin
  NamespaceOption namespace;

  DescribeCommand(Session session) {
    this.session = session;
  }

  @Override
  public Integer call() {
    Targets targets = Targets.parse(args, namespace.namespace);
    List<JsonNode> objects = new ArrayList<>();
    if (targets.collection().isPresent()) {
      objects.addAll(Collection.items(new Collection(targets.collection().get(), namespace.namespace, "").list(session.api())));
    }
    for (ObjectRef ref : targets.named()) {
      objects.add(session.api().get(ref.path()));
    }
    String kind = targets.collection().map(t -> t.kind()).orElse("");
    List<String> texts = new ArrayList<>();
    for (JsonNode o : objects) {
      texts.add(describe(o.path("kind").asText(kind), o));
    }
    session.out.print(String.join("\n\n", texts.stream().map(String::stripTrailing).toList()) + (texts.isEmpty() ? "" : "\n"));
    return 0;
  }

  /** The object's Events, selected as kubectl describe selects them: by kind, name, namespace and uid of the involved object. */
  private List<JsonNode> events(JsonNode object) {
    JsonNode meta = object.path("metadata");
    String selector = "involvedObject.kind=" + object.path("kind").asText() + ",involvedObject.name=" + meta.path("name").asText()
        + ",involvedObject.namespace=" + meta.path("namespace").asText() + ",involvedObject.uid=" + meta.path("uid").asText();
    try {
      return Collection.items(session.api().get(Resources.EVENTS.path(meta.path("namespace").asText(), "") + "?fieldSelector="
          + Collection.encode(selector)));
    } catch (ApiException e) {
      return List.of(); // a podnetd without Events: describe what there is, as kubectl does when events cannot be listed
    }
  }

  /** The node's BGP sessions as its agent reports them; empty for a node that does not route with BGP. */
  private java.util.Optional<JsonNode> bgpStatus(String node) {
    try {
      return java.util.Optional.of(session.api().get(Resources.BGPSTATUSES.path("", node)));
    } catch (ApiException e) {
      if (e.isNotFound()) {
        return java.util.Optional.empty();
      }
      throw e;
    }
  }

  private String describe(String kind, JsonNode object) {
    if (kind.equals(Resources.PODS.kind())) {
      return PodDescription.of(object, events(object), session.clock);
    } else if (kind.equals(Resources.DEPLOYMENTS.kind())) {
      return DeploymentDescription.of(object, session.clock);
    } else if (kind.equals(Resources.NODES.kind())) {
      Collection pods = new Collection(Resources.PODS, "", "");
      String node = object.path("metadata").path("name").asText();
      List<JsonNode> onNode = Collection.items(pods.list(session.api())).stream().filter(p -> node.equals(p.path("spec").path("nodeName").asText())).toList();
      return NodeDescription.of(object, onNode, bgpStatus(node), session.clock);
    } else if (kind.equals(Resources.SERVICES.kind())) {
      JsonNode meta = object.path("metadata");
      Collection slices = new Collection(Resources.ENDPOINTSLICES, meta.path("namespace").asText(),
          Services.SERVICE_NAME_LABEL + "=" + meta.path("name").asText());
      return ServiceDescription.of(object, Collection.items(slices.list(session.api())), events(object), session.clock);
    }
    JsonNode meta = object.path("metadata");
    return new Description(session.clock).field(0, "Name", meta.path("name").asText()).pairs(0, "Labels", meta.path("labels"), "=")
        .pairs(0, "Annotations", meta.path("annotations"), ": ").field(0, "Status", object.path("status").path("phase").asText("Active")).render();
  }
}
