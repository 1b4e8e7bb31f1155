package dev.podnet.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.podnet.api.Resources;
import dev.podnet.cli.print.Table;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "status", mixinStandardHelpOptions = true, description = "Show the cluster: podnetd, its nodes, and how many pods are in each phase.")
final class StatusCommand implements Callable<Integer> {
  private final Session session;

  StatusCommand(Session session) {
    this.session = session;
  }

  @Override
  public Integer call() {
    JsonNode c = session.api().get(UpCommand.CLUSTER_PATH);
    session.out.println("cluster " + c.path("name").asText() + ": " + c.path("nodes").asInt() + " nodes, routing " + c.path("routing").asText()
        + ", podnetd pid " + c.path("pid").asText() + ", version " + c.path("version").asText());
    session.out.println("etcd " + c.path("etcd").asText() + ", state " + c.path("stateDir").asText());
    StringBuilder agents = new StringBuilder();
    c.path("agents").fields().forEachRemaining(e -> agents.append(agents.length() == 0 ? "" : ", ").append(e.getKey()).append(" pid ")
        .append(e.getValue().asText()));
    session.out.println("node agents: " + (agents.length() == 0 ? "none running" : agents));
    session.out.println();
    List<JsonNode> nodes = Collection.items(new Collection(Resources.NODES, "", "").list(session.api()));
    session.out.print(Table.of(Resources.NODES, nodes, session.clock.instant(), true, false).render());
    session.out.println();
    List<JsonNode> pods = Collection.items(new Collection(Resources.PODS, "", "").list(session.api()));
    session.out.println("pods: " + phases(pods));
    return 0;
  }

  /** {@code 3 (2 Running, 1 Pending)}, or {@code 0}. */
  static String phases(List<JsonNode> pods) {
    Map<String, Integer> counts = new TreeMap<>();
    pods.forEach(p -> counts.merge(p.path("status").path("phase").asText("Pending"), 1, Integer::sum));
    StringBuilder b = new StringBuilder(String.valueOf(pods.size()));
    if (!counts.isEmpty()) {
      b.append(" (");
      counts.forEach((phase, n) -> b.append(b.charAt(b.length() - 1) == '(' ? "" : ", ").append(n).append(' ').append(phase));
      b.append(')');
    }
    return b.toString();
  }
}
