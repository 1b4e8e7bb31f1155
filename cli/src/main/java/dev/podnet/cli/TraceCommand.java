package dev.podnet.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.podnet.kernel.IpKernel;
import dev.podnet.kernel.Nft;
import dev.podnet.trace.ClusterView;
import dev.podnet.trace.Trace;
import dev.podnet.trace.TraceException;
import dev.podnet.trace.TraceGraph;
import dev.podnet.trace.TraceTable;
import dev.podnet.trace.Tracer;
import dev.podnet.ui.Graphviz;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code podnet trace FROM TO}: one real probe, and each hop the kernel reports for it (see docs/walkthroughs/trace.md). */
@Command(name = "trace", mixinStandardHelpOptions = true,
    description = "Send one real probe from FROM to TO and show each hop the kernel reports: nftables rules, NAT, conntrack, routes, bridge, VXLAN.",
    footer = {"", "FROM: a pod (NAME, pod/NAME, pod/NS/NAME), node/NAME, outside, svc/NAME[.NS] or a LoadBalancer IP (the probe starts in",
        "  one ready endpoint pod of the Service, named in the header), or a plain IP (the pod, node, outside or edge client that has it).",
        "TO: a pod, svc/NAME[.NS], node/NAME (with --port, e.g. a NodePort), a LoadBalancer IP, outside or any IP.", "", "Examples:",
        "  podnet trace a svc/hello", "  podnet trace svc/hello 10.244.1.3 --port 8080", "  podnet trace pod/default/a b --port 8080 -o json", "  podnet trace outside 172.18.255.200 --port 80",
        "  podnet trace a svc/hello -o svg > trace.svg"})
final class TraceCommand implements Callable<Integer> {
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private final Session session;

  @Parameters(index = "0", paramLabel = "FROM")
  String from;

  @Parameters(index = "1", paramLabel = "TO")
  String to;

  @Option(names = "--port", paramLabel = "P", description = "The destination port (default: the Service's first port, the pod's first container port).")
  Integer port;

  @Option(names = "--proto", paramLabel = "PROTO", defaultValue = "tcp", description = "tcp, udp or icmp (default: ${DEFAULT-VALUE}).")
  String proto;

  @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "table", description = "table, json, dot or svg (default: ${DEFAULT-VALUE}).")
  String output;

  @Mixin
  NamespaceOption namespace;

  TraceCommand(Session session) {
    this.session = session;
  }

  @Override
  public Integer call() throws IOException, InterruptedException {
    if (!List.of("table", "json", "dot", "svg").contains(output)) {
      throw new CliException("-o must be table, json, dot or svg, not " + output);
    }
    Trace t;
    try {
      t = new Tracer(clusterView(), new IpKernel(), Nft.tool()).run(new Tracer.Request(from, to, Optional.ofNullable(port), proto, namespace.namespace));
    } catch (TraceException e) {
      throw new CliException(e.getMessage());
    }
    switch (output) {
      case "json" -> session.out.println(JSON.writeValueAsString(t));
      case "dot" -> session.out.print(TraceGraph.dot(t));
      case "svg" -> session.out.print(svg(TraceGraph.dot(t)));
      default -> session.out.print(TraceTable.render(t));
    }
    return t.verdict().equals("delivered") ? 0 : 2;
  }

  private ClusterView clusterView() {
    Api api = session.api();
    return path -> {
      try {
        return Optional.of(api.get(path));
      } catch (ApiException e) {
        if (e.code() == 404) {
          return Optional.<JsonNode>empty();
        }
        throw e;
      }
    };
  }

  /** Graphviz draws the picture (Debian's graphviz package, installed by bin/setup), as for the map. */
  private static String svg(String dot) {
    try {
      return Graphviz.svg(dot);
    } catch (IllegalStateException e) {
      throw new CliException(e.getMessage() + "; -o dot prints the trace graph without it");
    }
  }
}
