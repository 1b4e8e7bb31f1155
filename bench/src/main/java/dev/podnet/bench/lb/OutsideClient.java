package dev.podnet.bench.lb;

import dev.podnet.kernel.Netns;
import dev.podnet.kernel.NetnsExecutor;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The outside client's request loop, as the benchmark asks: one HTTP GET at a time from
 * the lab's outside namespace, a new connection each (so a moved IP shows at once), short
 * timeouts, and a pause between requests. Sockets are opened on a thread inside the namespace.
 */
final class OutsideClient implements AutoCloseable {
  private final NetnsExecutor executor;
  private final int timeoutMs;

  /**
   * One request: when it started and ended (nanoTime), whether it succeeded, and the client
   * address the backend saw ({@code /clientip}; with eTP=Cluster the node it came in through
   * masqueraded it, so the address names that node).
   */
  record Try(long start, long end, boolean ok, String seen) {}

  OutsideClient(String netns, int timeoutMs) {
    this.executor = new NetnsExecutor(Netns.named(netns), 1);
    this.timeoutMs = timeoutMs;
  }

  Try get(String ip, int port) {
    return executor.call(() -> {
      long t0 = System.nanoTime();
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress(ip, port), timeoutMs);
        s.setSoTimeout(timeoutMs);
        s.getOutputStream().write("GET /clientip HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        String response = new String(s.getInputStream().readNBytes(1024), StandardCharsets.US_ASCII); // HTTP/1.0: until the server closes
        boolean ok = response.startsWith("HTTP/1.1 200");
        String body = response.substring(response.indexOf("\r\n\r\n") + 4);
        return new Try(t0, System.nanoTime(), ok, ok && body.contains(":") ? body.substring(0, body.lastIndexOf(':')) : "");
      } catch (IOException e) {
        return new Try(t0, System.nanoTime(), false, "");
      }
    });
  }

  /** Requests every {@code intervalMs} until {@code until} (nanoTime) or {@code stop} says so. */
  List<Try> loop(String ip, int port, int intervalMs, long until, java.util.function.Predicate<List<Try>> stop) throws InterruptedException {
    List<Try> out = new ArrayList<>();
    while (System.nanoTime() < until && !stop.test(out)) {
      out.add(get(ip, port));
      Thread.sleep(intervalMs);
    }
    return out;
  }

  @Override
  public void close() {
    executor.close();
  }
}
