package dev.podnet.cli;

import dev.podnet.api.Manifest;
import dev.podnet.api.Resources;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "delete", mixinStandardHelpOptions = true, description = "Delete objects by file, by kind and name, or by kind and label selector.",
    footer = {"", "Examples:", "  podnet delete -f web.yaml", "  podnet delete pod web db --grace-period=0", "  podnet delete pods -l app=web"})
final class DeleteCommand implements Callable<Integer> {
  private final Session session;

  @Parameters(arity = "0..*", paramLabel = "KIND NAME... | KIND/NAME...", description = "The objects to delete.")
  List<String> args = new ArrayList<>();

  @Option(names = {"-f", "--filename"}, paramLabel = "FILE", description = "Delete the objects in this file, directory or - (stdin); repeatable.")
  List<String> files = new ArrayList<>();

  @Option(names = {"-l", "--selector"}, paramLabel = "SELECTOR", description = "Delete every object of KIND matching this selector.", defaultValue = "")
  String selector;

  @Mixin
  NamespaceOption namespace;

  @Option(names = "--grace-period", paramLabel = "SECONDS", defaultValue = "-1",
      description = "Seconds a pod's containers get to stop (default: the pod's terminationGracePeriodSeconds; 0: at once).")
  int gracePeriod;

  @Option(names = "--wait", arity = "0..1", fallbackValue = "true", defaultValue = "true",
      description = "Wait until the objects are gone (default: ${DEFAULT-VALUE}).")
  boolean waitForGone;

  @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "0", converter = DurationConverter.class,
      description = "How long --wait waits (default: 0, for ever).")
  Duration timeout;

  DeleteCommand(Session session) {
    this.session = session;
  }

  @Override
  public Integer call() {
    List<ObjectRef> refs = targets();
    List<ObjectRef> deleted = new ArrayList<>();
    int exit = 0;
    String query = gracePeriod >= 0 ? "?gracePeriodSeconds=" + gracePeriod : "";
    for (ObjectRef ref : refs) {
      try {
        session.api().delete(ref.path() + query);
        session.out.println(ref.quoted() + " deleted");
        deleted.add(ref);
      } catch (ApiException e) {
        if (e.isNoCluster()) {
          throw e;
        }
        session.err.println(e.line());
        exit = 1;
      }
    }
    if (waitForGone) {
      awaitGone(deleted);
    }
    return exit;
  }

  private List<ObjectRef> targets() {
    if (!files.isEmpty()) {
      if (!args.isEmpty()) {
        throw new CliException("give either -f FILE or KIND NAME..., not both");
      }
      List<ObjectRef> refs = new ArrayList<>();
      for (Manifest m : ManifestFiles.read(files, System.in)) {
        String ns = m.object().getMetadata().getNamespace();
        refs.add(new ObjectRef(Resources.of(m.object()), ns == null || ns.isEmpty() ? namespace.namespace : ns, m.object().getMetadata().getName()));
      }
      return refs;
    }
    Targets targets = Targets.parse(args, namespace.namespace);
    if (targets.collection().isEmpty()) {
      return targets.named();
    }
    if (selector.isEmpty()) {
      throw new CliException("resource(s) were provided, but no name was specified (give NAME..., or -l SELECTOR)");
    }
    Collection c = new Collection(targets.collection().get(), namespace.namespace, selector);
    return Collection.items(c.list(session.api())).stream()
        .map(i -> new ObjectRef(c.type(), i.path("metadata").path("namespace").asText(), i.path("metadata").path("name").asText())).toList();
  }

  private void awaitGone(List<ObjectRef> deleted) {
    Map<Collection, List<String>> groups = Waiter.byCollection(deleted);
    Waiter waiter = new Waiter(session.api(), session.clock);
    List<String> failed = new ArrayList<>();
    groups.forEach((c, names) -> waiter.await(new Waiter.Goal(c, names, java.util.Optional::isEmpty, n -> { }), timeout)
        .forEach(n -> failed.add("timed out waiting for the deletion of " + c.type().plural() + "/" + n)));
    if (!failed.isEmpty()) {
      throw new CliException(failed);
    }
  }
}
