package dev.podnet.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A command in a pod run through the CLI in the background while the test acts (a query loop),
 * and how a DNS pod's server process is found to kill it.
 */
final class DnsLoop {
  /**
   * A dig loop for {@code seconds}: each query is dig's default UDP with one retry after a 2 s
   * time-out (+tries=2 +time=2: one retry, as the issue words it; glibc's own time-out is 5 s. With
   * 1 s a loaded CI machine sometimes took longer than that to take a killed server out of every
   * proxy, and the retry - a new source port, so a new random endpoint - hit the dead one again); prints "unanswered at=MS" for a query that
   * got no answer after its retry, "slow at=MS ms=N" for one answered late, and "queries=N"; its
   * first line is "started" ({@link #awaitStarted}).
   */
  static String digLoop(String name, String want, int seconds) {
    return "echo started; n=0; end=$(( $(date +%s) + " + seconds + " )); while [ $(date +%s) -lt $end ]; do n=$((n+1)); s=$(date +%s%3N);"
        + " r=$(dig +tries=2 +time=2 +short " + name + " 2>&1); e=$(date +%s%3N);"
        + " echo \"$r\" | grep -qx " + want + " || echo unanswered at=$s $r; [ $((e-s)) -gt 1900 ] && echo slow at=$s ms=$((e-s)); done;"
        + " echo queries=$n";
  }

  private DnsLoop() {}

  static Process start(Podnet podnet, String... args) throws java.io.IOException {
    List<String> argv = new ArrayList<>(List.of("env", "PODNET_STATE_DIR=" + podnet.stateBase, "PODNET_SKIP_BUILD=1",
        "KUBECONFIG=" + podnet.kubeconfig(), Podnet.CHECKOUT.resolve("bin/podnet").toString(), "--name=" + podnet.cluster));
    argv.addAll(List.of(args));
    return new ProcessBuilder(argv).start();
  }

  /** Waits for the loop's first line: the CLI took its time to start, the pod's shell now runs. */
  static void awaitStarted(Process p) throws java.io.IOException {
    StringBuilder line = new StringBuilder();
    java.io.InputStream in = p.getInputStream();
    for (int c = in.read(); c != '\n'; c = in.read()) {
      if (c < 0) {
        throw new AssertionError("the query loop ended before it started: " + line);
      }
      line.append((char) c);
    }
    assertThat(line.toString()).as("the query loop's first line").isEqualTo("started");
  }

  static String finish(Process p) throws Exception {
    if (!p.waitFor(90, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("podnet exec did not finish within 90 s");
    }
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.exitValue()).as("podnet exec: %s", err).isZero();
    return out;
  }

  static int queries(String out) {
    return Integer.parseInt(out.replaceAll("(?s).*queries=(\\d+).*", "$1"));
  }

  /** The lines of queries that got no answer after their retry. */
  static List<String> unanswered(String out) {
    return out.lines().filter(l -> l.startsWith("unanswered")).toList();
  }

  /** The JVM's pid: the container's pid is the runtime's shim, whose only child is the image's entrypoint (exec java). */
  static long serverPid(JsonNode pod) throws Exception {
    String id = pod.path("status").path("containerStatuses").get(0).path("containerID").asText();
    assertThat(id).startsWith("podnet://");
    String shim = id.substring("podnet://".length());
    String children = Files.readString(Path.of("/proc", shim, "task", shim, "children")).trim();
    assertThat(children).as("children of the shim %s", shim).matches("\\d+");
    String cmdline = Files.readString(Path.of("/proc", children, "cmdline"));
    assertThat(cmdline).as("the DNS pod's process").contains("java").contains("dev.podnet.dns.DnsMain");
    return Long.parseLong(children);
  }
}
