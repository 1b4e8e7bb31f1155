package dev.podnet.bench.bgp;

import dev.podnet.kernel.Netns;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The same mesh with BIRD 2: one bird process per speaker on 127.2.0.i ("strict bind", so each
 * listens only on its own address), R static /24s each, iBGP full mesh. Memory is the summed RSS
 * of the bird processes.
 */
final class BirdMesh {
  private static final Pattern COUNT = Pattern.compile("(\\d+) of (\\d+) routes");

  private BirdMesh() {}

  static MeshResult run(Netns.Named ns, Path dir, int n, int routes) throws Exception {
    List<Process> birds = new ArrayList<>();
    try {
      for (int i = 1; i <= n; i++) {
        Files.writeString(dir.resolve("bird" + i + ".conf"), config(i, n, routes));
      }
      long t0 = System.nanoTime();
      for (int i = 1; i <= n; i++) {
        birds.add(new ProcessBuilder("ip", "netns", "exec", ns.name(), "bird", "-f", "-c", dir.resolve("bird" + i + ".conf").toString(),
            "-s", socket(dir, i).toString()).redirectErrorStream(true).redirectOutput(dir.resolve("bird" + i + ".log").toFile()).start());
      }
      int want = n * routes;
      for (int i = 1; i <= n; i++) {
        while (count(ns, dir, i) < want) {
          if (System.nanoTime() - t0 > 300_000_000_000L) {
            throw new IllegalStateException("BIRD mesh did not converge in 300 s: bird " + i + " has " + count(ns, dir, i) + " of " + want);
          }
          Thread.sleep(20);
        }
      }
      double seconds = (System.nanoTime() - t0) / 1e9;
      long rssKib = 0;
      for (Process p : birds) {
        rssKib += rssKib(p.pid());
      }
      return new MeshResult("BIRD 2 (" + n + " processes)", n, routes, seconds, rssKib / 1024.0, "summed process RSS");
    } finally {
      for (Process p : birds) {
        p.destroyForcibly();
        p.waitFor(5, TimeUnit.SECONDS);
      }
    }
  }

  private static Path socket(Path dir, int i) {
    return dir.resolve("bird" + i + ".ctl");
  }

  /**
   * Routes in master4 (its statics and what it learned), from {@code show route count}. Learned
   * routes count though their loopback next hops do not resolve: BIRD runs no kernel protocol
   * here, and podnet's speakers install nothing either.
   */
  private static int count(Netns.Named ns, Path dir, int i) throws IOException, InterruptedException {
    Process p = new ProcessBuilder("ip", "netns", "exec", ns.name(), "birdc", "-s", socket(dir, i).toString(), "show route count")
        .redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    p.waitFor(10, TimeUnit.SECONDS);
    Matcher m = COUNT.matcher(out);
    return m.find() ? Integer.parseInt(m.group(1)) : 0;
  }

  static String config(int i, int n, int routes) {
    StringBuilder b = new StringBuilder();
    String me = "127.2.0." + i;
    b.append("router id ").append(me).append(";\n");
    b.append("protocol device { }\n");
    b.append("protocol static { ipv4;\n");
    for (int k = 0; k < routes; k++) {
      b.append("  route 10.").append(100 + i).append('.').append(k).append(".0/24 unreachable;\n");
    }
    b.append("}\n");
    b.append("template bgp mesh { local ").append(me).append(" as 64512; strict bind yes; connect delay time 1; connect retry time 1;\n")
        .append("  ipv4 { import all; export where source = RTS_STATIC; next hop self; }; }\n");
    for (int j = 1; j <= n; j++) {
      if (j != i) {
        b.append("protocol bgp p").append(j).append(" from mesh { neighbor 127.2.0.").append(j).append(" as 64512; }\n");
      }
    }
    return b.toString();
  }

  static long rssKib(long pid) throws IOException {
    return Files.readAllLines(Path.of("/proc/" + pid + "/status")).stream().filter(l -> l.startsWith("VmRSS:"))
        .mapToLong(l -> Long.parseLong(l.replaceAll("\\D", ""))).findFirst().orElse(0);
  }
}
