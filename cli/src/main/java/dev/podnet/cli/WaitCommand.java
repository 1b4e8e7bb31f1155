package dev.podnet.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.podnet.api.ResourceType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Predicate;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "wait", mixinStandardHelpOptions = true, description = "Wait for objects to have a condition, or to be deleted.",
    footer = {"", "Examples:", "  podnet wait --for=condition=Ready pod/web", "  podnet wait --for=delete pods -l app=web --timeout=2m"})
final class WaitCommand implements Callable<Integer> {
  private final Session session;

  @Parameters(arity = "1..*", paramLabel = "KIND/NAME... | KIND [NAME...]", description = "The objects: pod/web, or pods -l app=web.")
  List<String> args = new ArrayList<>();

  @Option(names = "--for", required = true, paramLabel = "condition=NAME[=VALUE]|delete",
      description = "What to wait for: condition=Ready (value True unless given), or delete.")
  String forWhat;

  @Option(names = {"-l", "--selector"}, paramLabel = "SELECTOR", description = "Wait for every object matching this label selector.",
      defaultValue = "")
  String selector;

  @Mixin
  NamespaceOption namespace;

  @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "60s", converter = DurationConverter.class,
      description = "How long to wait (default: ${DEFAULT-VALUE}; 0: for ever).")
  Duration timeout;

  WaitCommand(Session session) {
    this.session = session;
  }

  @Override
  public Integer call() {
    Predicate<Optional<JsonNode>> met = condition(forWhat);
    boolean delete = forWhat.equals("delete");
    Map<Collection, List<String>> groups = groups(delete);
    List<String> failed = new ArrayList<>();
    Waiter waiter = new Waiter(session.api(), session.clock);
    for (Map.Entry<Collection, List<String>> g : groups.entrySet()) {
      ResourceType type = g.getKey().type();
      Waiter.Goal goal = new Waiter.Goal(g.getKey(), g.getValue(), met,
          name -> session.out.println(new ObjectRef(type, "", name) + (delete ? " deleted" : " condition met")));
      waiter.await(goal, timeout).forEach(n -> failed.add("timed out waiting for the condition on " + type.plural() + "/" + n));
    }
    if (!failed.isEmpty()) {
      throw new CliException(failed);
    }
    return 0;
  }

  /** The names to wait for, per collection: the ones given, or those the selector matches now. */
  private Map<Collection, List<String>> groups(boolean delete) {
    Targets targets = Targets.parse(args, namespace.namespace);
    if (targets.collection().isPresent()) {
      Collection c = new Collection(targets.collection().get(), namespace.namespace, selector);
      List<String> names = Collection.items(c.list(session.api())).stream().map(i -> i.path("metadata").path("name").asText()).toList();
      if (names.isEmpty() && !delete) {
        throw new CliException("no matching resources found");
      }
      return Map.of(c, names);
    }
    if (!delete) {
      targets.named().forEach(ref -> session.api().get(ref.path()));
    }
    return Waiter.byCollection(targets.named());
  }

  /** {@code condition=Ready}, {@code condition=Ready=false}, {@code delete}. */
  static Predicate<Optional<JsonNode>> condition(String forWhat) {
    if (forWhat.equals("delete")) {
      return Optional::isEmpty;
    }
    if (!forWhat.startsWith("condition=") || forWhat.length() == "condition=".length()) {
      throw new CliException("unrecognized condition: \"" + forWhat + "\"; use --for=condition=NAME[=VALUE] or --for=delete");
    }
    String[] parts = forWhat.substring("condition=".length()).split("=", 2);
    String status = parts.length == 2 ? parts[1] : "True";
    return o -> o.isPresent() && Waiter.hasCondition(o.get(), parts[0], status);
  }
}
