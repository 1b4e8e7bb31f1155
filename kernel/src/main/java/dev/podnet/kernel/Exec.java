package dev.podnet.kernel;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/** Runs one short-lived tool (ip, bridge, sysctl, nft...) and collects its output. */
public final class Exec {
  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  private Exec() {}

  public record Result(int exitCode, String stdout, String stderr) {
    public boolean ok() {
      return exitCode == 0;
    }
  }

  public static Result run(List<String> argv, String stdin) {
    return run(argv, stdin, TIMEOUT);
  }

  public static Result run(List<String> argv, String stdin, Duration timeout) {
    ProcessBuilder pb = new ProcessBuilder(argv);
    pb.environment().put("LC_ALL", "C");
    Process p;
    try {
      p = pb.start();
    } catch (IOException e) {
      throw new KernelException("run " + String.join(" ", argv), "host", "cannot start " + argv.get(0) + ": " + e.getMessage()
          + " (is the package that ships it installed?)");
    }
    CompletableFuture<String> err = drain(p.getErrorStream());
    CompletableFuture<String> out = drain(p.getInputStream());
    try (OutputStream in = p.getOutputStream()) {
      if (stdin != null) {
        in.write(stdin.getBytes(StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      // the tool exited before reading all of stdin; its exit code and stderr tell why
    }
    try {
      if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        p.destroyForcibly();
        throw new KernelException("run " + String.join(" ", argv), "host", "no answer within " + timeout.toSeconds() + " s");
      }
      return new Result(p.exitValue(), out.join(), err.join());
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new KernelException("run " + String.join(" ", argv), "host", "interrupted");
    }
  }

  private static CompletableFuture<String> drain(InputStream s) {
    return CompletableFuture.supplyAsync(() -> {
      try (s) {
        return new String(s.readAllBytes(), StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }, DRAINERS);
  }

  private static final ExecutorService DRAINERS = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "exec-drain");
    t.setDaemon(true);
    return t;
  });
}
