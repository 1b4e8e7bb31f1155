package dev.podnet.agent.cni;

import dev.podnet.agent.metrics.AgentMetrics;
import dev.podnet.cni.CniClient;
import dev.podnet.cni.CniException;
import dev.podnet.cni.CniHandler;
import dev.podnet.cni.CniRequest;
import dev.podnet.cni.CniResponse;
import dev.podnet.cni.CniVersion;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves the node's {@link CniHandler} to the {@code podnet-cni} executable on a unix socket
 * (mode 0600: only root, which is what runtimes run plugins as, may attach pods). One request
 * per connection; a small pool so a slow ADD does not hold up a DEL for another pod.
 */
public final class CniServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(CniServer.class);
  private static final int WORKERS = 4;

  private final Path socket;
  private final CniHandler handler;
  private final ExecutorService workers;
  private ServerSocketChannel server;
  private Thread acceptor;

  public CniServer(Path socket, CniHandler handler) {
    this.socket = socket;
    this.handler = handler;
    AtomicInteger n = new AtomicInteger();
    this.workers = Executors.newFixedThreadPool(WORKERS, r -> {
      Thread t = new Thread(r, "cni-worker-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
  }

  /** Binds the socket (replacing a stale one from a previous agent) and starts accepting. */
  public synchronized CniServer start() {
    try {
      Files.createDirectories(socket.getParent());
      Files.deleteIfExists(socket);
      server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
      server.bind(UnixDomainSocketAddress.of(socket));
      Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-------"));
    } catch (IOException e) {
      throw new UncheckedIOException("listen for CNI requests on " + socket + ": " + e.getMessage(), e);
    }
    acceptor = new Thread(this::acceptLoop, "cni-accept");
    acceptor.setDaemon(true);
    acceptor.start();
    log.info("cni server listening socket={}", socket);
    return this;
  }

  public Path socket() {
    return socket;
  }

  private void acceptLoop() {
    while (true) {
      SocketChannel ch;
      try {
        ch = server.accept();
      } catch (ClosedChannelException e) {
        return;
      } catch (IOException e) {
        log.warn("cni accept failed socket={} error={}", socket, e.getMessage());
        continue;
      }
      workers.execute(() -> serve(ch));
    }
  }

  /** ADD and DEL latencies and errors for the node's metrics (CHECK and VERSION are not timed). */
  private static void record(CniRequest req, long start, CniResponse reply) {
    switch (req.command()) {
      case ADD -> AgentMetrics.CNI_ADD.observeSince(start);
      case DEL -> AgentMetrics.CNI_DEL.observeSince(start);
      default -> { }
    }
    if (reply.exitCode() != 0) {
      AgentMetrics.CNI_ERRORS.inc();
    }
  }

  private void serve(SocketChannel ch) {
    try (ch) {
      String body = CniClient.readAll(ch);
      CniResponse reply;
      try {
        CniRequest req = CniRequest.fromJson(body);
        long start = System.nanoTime();
        reply = handler.handle(req);
        record(req, start, reply);
        log.debug("cni request command={} pod={} ifname={} exit={}", req.command(), req.containerId(), req.ifname(), reply.exitCode());
      } catch (CniException e) {
        AgentMetrics.CNI_ERRORS.inc();
        reply = CniResponse.error(e, CniVersion.LATEST.toString());
      }
      ByteBuffer out = ByteBuffer.wrap(reply.toJson().getBytes(StandardCharsets.UTF_8));
      while (out.hasRemaining()) {
        ch.write(out);
      }
    } catch (IOException e) {
      log.warn("cni connection failed socket={} error={}", socket, e.getMessage());
    }
  }

  /** Stops accepting, lets running requests finish (briefly) and removes the socket file. */
  @Override
  public synchronized void close() {
    try {
      if (server != null) {
        server.close();
      }
      workers.shutdown();
      if (!workers.awaitTermination(10, TimeUnit.SECONDS)) {
        workers.shutdownNow();
      }
      if (acceptor != null) {
        acceptor.join(1000);
      }
      Files.deleteIfExists(socket);
    } catch (IOException e) {
      log.warn("cni server close failed socket={} error={}", socket, e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
