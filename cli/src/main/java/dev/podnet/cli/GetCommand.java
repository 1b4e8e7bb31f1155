package dev.podnet.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.podnet.api.ResourceType;
import dev.podnet.api.Resources;
import dev.podnet.cli.print.BgpSessionsTable;
import dev.podnet.cli.print.Output;
import dev.podnet.cli.print.Table;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "get", mixinStandardHelpOptions = true, description = {"Display one or many objects: pods, deployments, services, endpointslices, nodes, namespaces.",
    "get topology -o dot|svg|json: the cluster's network as one picture (nodes, pods, Services, LoadBalancer IPs)."})
final class GetCommand implements Callable<Integer> {
  private final Session session;

  @Parameters(arity = "1..*", paramLabel = "KIND [NAME...] | KIND/NAME...", description = "What to get: po, deploy, svc, endpointslices, no, ns, ... or pod/web.")
  List<String> args = new ArrayList<>();

  @Mixin
  NamespaceOption namespace;

  @Option(names = {"-A", "--all-namespaces"}, description = "List objects across all namespaces.")
  boolean allNamespaces;

  @Option(names = {"-l", "--selector"}, paramLabel = "SELECTOR", description = "Label selector, e.g. app=web,tier!=db.", defaultValue = "")
  String selector;

  @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", description = "wide, yaml, json or name.", defaultValue = "")
  String output;

  @Option(names = {"-w", "--watch"}, description = "After listing, watch for changes.")
  boolean watch;

  GetCommand(Session session) {
    this.session = session;
  }

  @Override
  public Integer call() {
    if (args.get(0).equals("topology")) {
      session.out.print(TopologyOutput.render(session, output));
      return 0;
    }
    Output format = parse(output);
    Targets targets = Targets.parse(args, allNamespaces ? "" : namespace.namespace);
    if (allNamespaces && !targets.named().isEmpty()) {
      throw new CliException("a resource cannot be retrieved by name across all namespaces");
    }
    if (targets.collection().isPresent()) {
      return list(new Collection(targets.collection().get(), allNamespaces ? "" : namespace.namespace, selector), format);
    }
    return named(targets.named(), format);
  }

  private int list(Collection collection, Output format) {
    JsonNode list = collection.list(session.api());
    List<JsonNode> items = Collection.items(list);
    boolean withNamespace = allNamespaces && collection.type().namespaced();
    if (items.isEmpty() && (format == Output.TABLE || format == Output.WIDE)) {
      session.err.println(collection.type().namespaced() && !allNamespaces ? "No resources found in " + namespace.namespace + " namespace." : "No resources found");
    } else {
      session.out.print(format.render(collection.type(), items, true, session.clock.instant(), withNamespace));
    }
    boolean peers = collection.type() == Resources.BGPPEERS || collection.type() == Resources.METALLB_BGPPEERS;
    if (peers && (format == Output.TABLE || format == Output.WIDE)) {
      sessions();
    }
    if (watch) {
      watch(collection, list.path("metadata").path("resourceVersion").asText(""), format, withNamespace);
    }
    return 0;
  }

  /** Under either kind of BGPPeers, every session (mesh, Calico's, MetalLB's), as each node's agent reports them. */
  private void sessions() {
    String table = BgpSessionsTable.of(Collection.items(new Collection(Resources.BGPSTATUSES, "", "").list(session.api())), session.clock.instant());
    if (!table.isEmpty()) {
      session.out.print("\n" + table);
    }
  }

  private int named(List<ObjectRef> refs, Output format) {
    Map<ResourceType, List<JsonNode>> found = new LinkedHashMap<>();
    int exit = 0;
    for (ObjectRef ref : refs) {
      try {
        found.computeIfAbsent(ref.type(), t -> new ArrayList<>()).add(session.api().get(ref.path()));
      } catch (ApiException e) {
        if (e.isNoCluster()) {
          throw e;
        }
        session.err.println(e.line());
        exit = 1;
      }
    }
    boolean asList = refs.size() > 1;
    boolean first = true;
    for (Map.Entry<ResourceType, List<JsonNode>> e : found.entrySet()) {
      session.out.print((first ? "" : "\n") + format.render(e.getKey(), e.getValue(), asList, session.clock.instant(), false));
      first = false;
    }
    if (watch && refs.size() == 1 && exit == 0) {
      ObjectRef ref = refs.get(0);
      watch(new Collection(ref.type(), ref.namespace(), ""), found.get(ref.type()).get(0).path("metadata").path("resourceVersion").asText(""),
          format, false);
    }
    return exit;
  }

  /** Prints every change after {@code resourceVersion} as one more row (or one more document), until the server ends the watch. */
  private void watch(Collection collection, String resourceVersion, Output format, boolean withNamespace) {
    List<String> names = Targets.parse(args, "").named().stream().map(ObjectRef::name).toList();
    session.api().stream(collection.watchPath(resourceVersion), Duration.ZERO, line -> {
      JsonNode event = WatchEvent.parse(line);
      if (event.isMissingNode()) {
        return true;
      }
      JsonNode object = event.path("object");
      if ("ERROR".equals(event.path("type").asText())) {
        throw ApiException.fromStatus(object.path("code").asInt(500), "watch " + collection.type().plural(), object);
      }
      if (names.isEmpty() || names.contains(object.path("metadata").path("name").asText())) {
        String text = format.render(collection.type(), List.of(object), false, session.clock.instant(), withNamespace);
        session.out.print(format == Output.TABLE || format == Output.WIDE ? Table.of(collection.type(), List.of(object), session.clock.instant(),
            format == Output.WIDE, withNamespace).render(false) : text);
        session.out.flush();
      }
      return true;
    });
  }

  private static Output parse(String output) {
    try {
      return Output.parse(output);
    } catch (IllegalArgumentException e) {
      throw new CliException(e.getMessage());
    }
  }
}
