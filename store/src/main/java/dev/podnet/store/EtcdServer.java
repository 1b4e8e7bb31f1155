package dev.podnet.store;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A single-member etcd that podnetd runs for itself: Debian's {@code /usr/bin/etcd} on 127.0.0.1
 * only. Everything lives in one directory: {@code data/} (etcd's data dir), {@code etcd.log}, and
 * {@code ports}, so a restart on the same directory keeps the data and, if the ports are still free,
 * the endpoint; otherwise it takes new ports and clients must reconnect to {@link #endpoint()}.
 */
public final class EtcdServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EtcdServer.class);
  private static final String ETCD = "/usr/bin/etcd";
  private static final Duration STARTUP = Duration.ofSeconds(30);
  private static final Duration STOP = Duration.ofSeconds(10);
  private static final int ATTEMPTS = 3;

  private final Process process;
  private final EtcdPorts ports;
  private final Path dir;
  private final Thread reaper;

  private EtcdServer(Process process, EtcdPorts ports, Path dir) {
    this.process = process;
    this.ports = ports;
    this.dir = dir;
    this.reaper = new Thread(process::destroyForcibly, "etcd-reaper-" + process.pid());
    Runtime.getRuntime().addShutdownHook(reaper);
  }

  /**
   * Starts etcd on {@code dir} (created if missing) and returns once it answers {@code /health}.
   * Fails with UNAVAILABLE, quoting the end of its log, if it exits or stays unhealthy for 30 s.
   */
  public static EtcdServer start(Path dir) {
    try {
      Files.createDirectories(dir);
      EtcdPorts ports = EtcdPorts.reuseOrChoose(dir.resolve("ports"));
      for (int attempt = 1; ; attempt++) {
        try {
          return launch(dir, ports);
        } catch (PortTaken e) {
          if (attempt == ATTEMPTS) {
            throw e.error;
          }
          // Another process took a port between our check and etcd's bind: pick again.
          ports = EtcdPorts.choose();
        }
      }
    } catch (IOException e) {
      throw new StoreException(StoreException.Reason.UNAVAILABLE, "start etcd in " + dir + ": " + e.getMessage(), e);
    }
  }

  /** {@code http://127.0.0.1:PORT}, for {@link EtcdStore#connect}. */
  public String endpoint() {
    return ports.clientUrl();
  }

  public Path logFile() {
    return dir.resolve("etcd.log");
  }

  public long pid() {
    return process.pid();
  }

  /** Stops etcd: SIGTERM, and SIGKILL if it has not exited within 10 s. Safe to repeat. */
  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(STOP.toSeconds(), TimeUnit.SECONDS)) {
        LOG.warn("etcd ignored SIGTERM, killing pid={} dir={}", process.pid(), dir);
        process.destroyForcibly().waitFor(STOP.toSeconds(), TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    try {
      Runtime.getRuntime().removeShutdownHook(reaper);
    } catch (IllegalStateException e) {
      // the JVM is already shutting down and the reaper runs anyway
    }
  }

  private static EtcdServer launch(Path dir, EtcdPorts ports) throws IOException, PortTaken {
    Path log = dir.resolve("etcd.log");
    long logStart = Files.exists(log) ? Files.size(log) : 0;
    Process process = command(dir, ports, log).start();
    EtcdServer server = new EtcdServer(process, ports, dir);
    try {
      server.awaitHealthy(logStart);
      ports.save(dir.resolve("ports"));
      LOG.info("etcd started pid={} endpoint={} dir={}", process.pid(), ports.clientUrl(), dir);
      return server;
    } catch (StoreException e) {
      server.close();
      if (tail(log, logStart).contains("address already in use")) {
        throw new PortTaken(e);
      }
      throw e;
    }
  }

  private static ProcessBuilder command(Path dir, EtcdPorts ports, Path log) {
    ProcessBuilder pb = new ProcessBuilder(List.of(ETCD,
        "--name", "podnet",
        "--data-dir", dir.resolve("data").toString(),
        "--listen-client-urls", ports.clientUrl(),
        "--advertise-client-urls", ports.clientUrl(),
        "--listen-peer-urls", ports.peerUrl(),
        "--initial-advertise-peer-urls", ports.peerUrl(),
        "--initial-cluster", "podnet=" + ports.peerUrl(),
        "--logger", "zap",
        "--log-outputs", "stderr"));
    Map<String, String> env = pb.environment();
    // etcd reads every ETCD_* variable as a flag; only ours may count.
    env.keySet().removeIf(k -> k.startsWith("ETCD_"));
    String arch = System.getProperty("os.arch");
    if (!arch.equals("amd64") && !arch.equals("x86_64")) {
      env.put("ETCD_UNSUPPORTED_ARCH", arch.equals("aarch64") ? "arm64" : arch);
    }
    return pb.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
  }

  private void awaitHealthy(long logStart) {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    HttpRequest health = HttpRequest.newBuilder(URI.create(endpoint() + "/health")).timeout(Duration.ofSeconds(2)).build();
    long deadline = System.nanoTime() + STARTUP.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw failed("exited with status " + process.exitValue(), logStart);
      }
      if (isHealthy(http, health)) {
        return;
      }
      sleep(Duration.ofMillis(100));
    }
    throw failed("not healthy within " + STARTUP.toSeconds() + "s", logStart);
  }

  private static boolean isHealthy(HttpClient http, HttpRequest health) {
    try {
      HttpResponse<String> r = http.send(health, HttpResponse.BodyHandlers.ofString());
      return r.statusCode() == 200 && r.body().replace(" ", "").contains("\"health\":\"true\"");
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StoreException(StoreException.Reason.UNAVAILABLE, "interrupted waiting for etcd at " + health.uri(), e);
    }
  }

  private StoreException failed(String why, long logStart) {
    return new StoreException(StoreException.Reason.UNAVAILABLE, "etcd (pid " + process.pid() + ", " + endpoint() + ", dir " + dir + ") "
        + why + "; end of " + logFile() + ":\n" + tail(logFile(), logStart));
  }

  /** The last 20 lines written to {@code log} since {@code from}, read from at most its last 16 KiB. */
  private static String tail(Path log, long from) {
    try (RandomAccessFile f = new RandomAccessFile(log.toFile(), "r")) {
      long start = Math.max(from, f.length() - 16 * 1024);
      byte[] bytes = new byte[(int) Math.max(0, f.length() - start)];
      f.seek(start);
      f.readFully(bytes);
      List<String> lines = new String(bytes, StandardCharsets.UTF_8).lines().toList();
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
    } catch (IOException e) {
      return "(cannot read " + log + ": " + e.getMessage() + ")";
    }
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StoreException(StoreException.Reason.UNAVAILABLE, "interrupted waiting for etcd", e);
    }
  }

  /** etcd could not bind a port we chose: worth another try with new ones. */
  private static final class PortTaken extends Exception {
    final StoreException error;

    PortTaken(StoreException error) {
      super(error.getMessage(), null, false, false);
      this.error = error;
    }
  }
}
