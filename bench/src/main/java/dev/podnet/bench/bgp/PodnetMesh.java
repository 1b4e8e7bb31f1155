package dev.podnet.bench.bgp;

import dev.podnet.bgp.BgpSpeaker;
import dev.podnet.bgp.PathAttributes;
import dev.podnet.bgp.PeerConfig;
import dev.podnet.bgp.Prefix;
import dev.podnet.bgp.SpeakerConfig;
import dev.podnet.kernel.NetnsExecutor;
import java.lang.management.ManagementFactory;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * N podnet speakers in this JVM, an iBGP full mesh on loopback addresses 127.1.0.i (the
 * Calico node-to-node mesh shape), each originating R /24s. Memory is the heap the mesh added
 * (after GC) and the process RSS it added.
 */
final class PodnetMesh {
  private PodnetMesh() {}

  static MeshResult[] run(NetnsExecutor ns, int n, int routes) throws Exception {
    long heapBefore = heapAfterGc();
    long rssBefore = rssKib();
    List<BgpSpeaker> speakers = new ArrayList<>();
    try {
      for (int i = 1; i <= n; i++) {
        SpeakerConfig c = SpeakerConfig.of((Inet4Address) address(i), 64512).listenOn(address(i), 179)
            .socketsIn(r -> ns.submit(() -> {
              r.run();
              return null;
            }));
        BgpSpeaker s = BgpSpeaker.start(c, (prefix, best) -> { });
        for (int k = 0; k < routes; k++) {
          s.originate(Prefix.parse("10." + i + "." + k + ".0/24"), address(i), PathAttributes.local());
        }
        speakers.add(s);
      }
      long t0 = System.nanoTime();
      for (int i = 1; i <= n; i++) {
        for (int j = 1; j <= n; j++) {
          if (i != j) {
            speakers.get(i - 1).addPeer(PeerConfig.of(address(j), 64512).timers(90, 1));
          }
        }
      }
      int want = n * routes;
      while (speakers.stream().anyMatch(s -> s.routeCount() < want)) {
        if (System.nanoTime() - t0 > 300_000_000_000L) {
          throw new IllegalStateException("podnet mesh did not converge in 300 s: "
              + speakers.stream().mapToInt(BgpSpeaker::routeCount).min().orElse(0) + " of " + want + " routes");
        }
        Thread.sleep(10);
      }
      double seconds = (System.nanoTime() - t0) / 1e9;
      double heapMiB = (heapAfterGc() - heapBefore) / 1048576.0;
      double rssMiB = (rssKib() - rssBefore) / 1024.0;
      return new MeshResult[] {
          new MeshResult("podnet (Java, one JVM)", n, routes, seconds, heapMiB, "heap added, after GC"),
          new MeshResult("podnet (Java, one JVM)", n, routes, seconds, rssMiB, "process RSS added")};
    } finally {
      speakers.forEach(BgpSpeaker::close);
    }
  }

  static InetAddress address(int i) {
    try {
      return InetAddress.getByName("127.1." + (i >> 8) + "." + (i & 0xff));
    } catch (java.net.UnknownHostException e) {
      throw new IllegalArgumentException("speaker " + i, e);
    }
  }

  static long heapAfterGc() throws InterruptedException {
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(100);
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  static long rssKib() throws java.io.IOException {
    return Files.readAllLines(Path.of("/proc/self/status")).stream().filter(l -> l.startsWith("VmRSS:"))
        .mapToLong(l -> Long.parseLong(l.replaceAll("\\D", ""))).findFirst().orElse(0);
  }
}
