package dev.podnet.lab;

import dev.podnet.kernel.Exec;
import dev.podnet.kernel.IpKernel;
import dev.podnet.kernel.KernelTestSupport;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Shared pieces of the lab's real-kernel tests. */
public final class LabTestSupport {
  private LabTestSupport() {}

  static LabConfig config(String routing, int nodes) {
    String p = KernelTestSupport.prefix();
    return LabConfig.defaults("test").withNodes(nodes).withRouting(routing).withPrefix(p, Path.of("/run/podnet/test-" + p));
  }

  static Lab lab(String routing, int nodes) {
    return Lab.create(config(routing, nodes), new IpKernel(), Duration.ofSeconds(1));
  }

  /** Polls until true or fails after {@code timeout}; returns how long it took. */
  public static Duration await(String what, Duration timeout, BooleanSupplier ok) {
    long start = System.nanoTime();
    while (!ok.getAsBoolean()) {
      if (System.nanoTime() - start > timeout.toNanos()) {
        throw new AssertionError("not within " + timeout.toSeconds() + " s: " + what);
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
    return Duration.ofNanos(System.nanoTime() - start);
  }

  /** Waits until something listens on {@code port} ({@code proto} "t" or "u") in the sandbox. */
  public static void awaitListener(Sandbox s, String proto, int port) {
    await("listener on " + proto + " port " + port + " in " + s.name(), Duration.ofSeconds(10), () -> {
      Exec.Result r = s.run("ss", "-Hln" + proto, "sport = :" + port);
      return r.ok() && !r.stdout().isBlank();
    });
  }
}
