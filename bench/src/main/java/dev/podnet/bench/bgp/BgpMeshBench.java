package dev.podnet.bench.bgp;

import dev.podnet.bench.Report;
import dev.podnet.kernel.IpCommand;
import dev.podnet.kernel.IpKernel;
import dev.podnet.kernel.Kernel;
import dev.podnet.kernel.Netns;
import dev.podnet.kernel.NetnsExecutor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A full iBGP mesh of N speakers (default 50), each originating R /24s (default 100): podnet's
 * speakers in one JVM, then BIRD 2 with one process per speaker, in the same run and the same
 * throwaway namespace (loopback addresses only). Reports time from "peers configured" until
 * every speaker holds all N*R routes, and memory per speaker and per peer.
 */
public final class BgpMeshBench {
  private static final Path CHECKOUT = Path.of("").toAbsolutePath();

  private BgpMeshBench() {}

  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 50;
    int routes = args.length > 1 ? Integer.parseInt(args[1]) : 100;
    Kernel kernel = new IpKernel();
    String prefix = "pnb" + ProcessHandle.current().pid() + "-";
    Path dir = Files.createTempDirectory("pnb-bgp-mesh-");
    Report r = new Report("bgp-mesh", "BGP full mesh of " + n + " iBGP speakers, " + routes + " /24s each (" + n * routes + " routes per speaker)",
        "implementation", "converge_s", "memory", "MiB_total", "MiB_per_speaker", "KiB_per_peer");
    try {
      Netns.Named ns = kernel.ensureNetns(prefix + "mesh");
      kernel.apply(ns, List.of(new IpCommand.LinkUp("lo")));
      try (NetnsExecutor thread = new NetnsExecutor(ns, 1)) {
        for (MeshResult m : PodnetMesh.run(thread, n, routes)) {
          row(r, m);
        }
      }
      row(r, BirdMesh.run(ns, dir, n, routes));
    } finally {
      kernel.deleteAllNamed(prefix);
      try (var files = Files.walk(dir)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
    r.note("sessions", n * (n - 1) / 2 + " (each speaker has " + (n - 1) + " peers; KiB_per_peer divides by " + n * (n - 1) + " peer entries)");
    r.note("timing", "podnet from the first addPeer (speakers already listening); BIRD from process start, with connect delay 1 s");
    r.note("machine", Runtime.getRuntime().availableProcessors() + " cores shared with other work; podnet runs first, then BIRD, never both at once");
    r.printAndWrite(CHECKOUT.resolve("bench/results"));
  }

  private static void row(Report r, MeshResult m) {
    r.row(m.implementation(), m.convergeSeconds(), m.memoryKind(), m.memoryMiB(), m.mibPerSpeaker(), m.kibPerPeer());
  }
}
