package dev.podnet.kernel;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * {@code nft monitor} running in one namespace: every ruleset change and every trace event
 * (packets carrying {@code meta nftrace}) as the lines nft prints, each stamped when it arrived.
 * All events, not only traces, are subscribed so a caller can see its own table appear in the
 * stream: proof the monitor listens before the first traced packet is sent.
 */
public final class NftMonitor implements AutoCloseable {
  /** One line of the monitor's output and when it was read (System.nanoTime). */
  public record Line(String text, long nanos) {}

  private final Netns netns;
  private final Process process;
  private final BlockingQueue<Line> lines = new LinkedBlockingQueue<>();
  private final List<Line> seen = new ArrayList<>();

  private NftMonitor(Netns netns, Process process) {
    this.netns = netns;
    this.process = process;
    Thread reader = new Thread(this::read, "nft-monitor-" + netns);
    reader.setDaemon(true);
    reader.start();
  }

  public static NftMonitor start(Netns netns) {
    List<String> argv = new ArrayList<>(IpKernel.nsenter(netns));
    argv.addAll(List.of("nft", "monitor"));
    ProcessBuilder pb = new ProcessBuilder(argv).redirectErrorStream(true);
    pb.environment().put("LC_ALL", "C");
    try {
      return new NftMonitor(netns, pb.start());
    } catch (IOException e) {
      throw new KernelException("start nft monitor", netns, e.getMessage() + " (is nftables installed?)");
    }
  }

  private void read() {
    try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      for (String l = r.readLine(); l != null; l = r.readLine()) {
        lines.add(new Line(l, System.nanoTime()));
      }
    } catch (IOException e) {
      // the process was stopped: the lines read so far stay available
    }
  }

  public Netns netns() {
    return netns;
  }

  /** Waits until a line containing {@code text} arrives; false on timeout or when the monitor died. */
  public boolean awaitLine(String text, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (seen) {
      if (seen.stream().anyMatch(l -> l.text().contains(text))) {
        return true;
      }
    }
    while (System.nanoTime() < deadline) {
      Line l = lines.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      if (l == null) {
        return false;
      }
      synchronized (seen) {
        seen.add(l);
      }
      if (l.text().contains(text)) {
        return true;
      }
    }
    return false;
  }

  /** Every line read so far, in the order nft printed them. */
  public List<Line> lines() {
    synchronized (seen) {
      lines.drainTo(seen);
      return List.copyOf(seen);
    }
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(2, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
