package dev.podnet.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.podnet.api.Resources;
import dev.podnet.cli.print.TabWriter;
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

@Command(name = "top", mixinStandardHelpOptions = true,
    description = {"Show CPU and memory, as kubectl top: nodes (each node's agent process) or pods (their container processes).",
        "Read from /proc on this host over a short window; agents also serve Prometheus metrics on NODE-IP:10249/metrics."})
final class TopCommand implements Callable<Integer> {
  private final Session session;

  @Parameters(index = "0", paramLabel = "nodes|pods", description = "What to show.")
  String kind;

  @Mixin
  NamespaceOption namespace;

  @Option(names = {"-A", "--all-namespaces"}, description = "Pods of every namespace.")
  boolean allNamespaces;

  @Option(names = "--window", paramLabel = "DURATION", defaultValue = "1s", converter = DurationConverter.class,
      description = "How long CPU is sampled (default: ${DEFAULT-VALUE}).")
  Duration window;

  TopCommand(Session session) {
    this.session = session;
  }

  @Override
  public Integer call() throws InterruptedException {
    Map<String, List<Long>> pids = switch (kind) {
      case "nodes", "node", "no" -> agents();
      case "pods", "pod", "po" -> pods();
      default -> throw new CliException("top: " + kind + " is not nodes or pods");
    };
    List<Long> all = pids.values().stream().flatMap(List::stream).toList();
    Map<Long, ProcessUsage> usage = ProcessUsage.sample(all, window);
    List<String> lines = new ArrayList<>(List.of("NAME\tCPU(cores)\tMEMORY(bytes)\tPROCESSES"));
    for (Map.Entry<String, List<Long>> e : pids.entrySet()) {
      ProcessUsage sum = new ProcessUsage(0, 0);
      int found = 0;
      for (long pid : e.getValue()) {
        if (usage.containsKey(pid)) {
          sum = sum.plus(usage.get(pid));
          found++;
        }
      }
      lines.add(String.join("\t", e.getKey(), sum.cpu(), sum.memory(), Integer.toString(found)));
    }
    session.out.print(TabWriter.table().format(lines));
    return 0;
  }

  /** Each node's agent process, as podnetd supervises them (the cluster endpoint's {@code agents}). */
  private Map<String, List<Long>> agents() {
    Map<String, List<Long>> out = new LinkedHashMap<>();
    session.api().get(UpCommand.CLUSTER_PATH).path("agents").fields().forEachRemaining(e -> out.put(e.getKey(), List.of(e.getValue().asLong())));
    if (out.isEmpty()) {
      throw new CliException("top nodes: podnetd names no node agent processes (a cluster of joined machines: run top on each machine)");
    }
    return out;
  }

  /** Each pod's container processes, from its sandbox (docs/api.md: /apis/podnet.dev/v1/namespaces/NS/pods/NAME/sandbox). */
  private Map<String, List<Long>> pods() {
    String ns = allNamespaces ? "" : namespace.namespace;
    Map<String, List<Long>> out = new LinkedHashMap<>();
    for (JsonNode pod : Collection.items(session.api().get(Resources.PODS.path(ns, "")))) {
      String podNs = pod.path("metadata").path("namespace").asText();
      String name = pod.path("metadata").path("name").asText();
      List<Long> pids = new ArrayList<>();
      try {
        session.api().get("/apis/podnet.dev/v1/namespaces/" + podNs + "/pods/" + name + "/sandbox").path("containers")
            .forEach(c -> {
              if (c.path("running").asBoolean()) {
                pids.addAll(ProcessUsage.tree(c.path("pid").asLong()));
              }
            });
      } catch (ApiException e) {
        if (e.isNoCluster()) {
          throw e;
        }
      }
      out.put(allNamespaces ? podNs + "/" + name : name, pids);
    }
    return out;
  }
}
