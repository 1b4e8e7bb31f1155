package dev.podnet.kernel;

import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One daemon thread reading a {@link PacketSocket} until closed, handing each frame this host did
 * not send itself to a handler: the loop both user-space responders (ARP, NDP) share. A failing
 * read or handler is logged and the loop goes on after a pause; the socket is closed by this
 * thread when it ends, so no read is under way on a descriptor number the JVM may reuse.
 */
final class PacketReader implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(PacketReader.class);

  private final PacketSocket socket;
  private final String name;
  private final Consumer<PacketSocket.Received> onFrame;
  private final Thread thread;
  private volatile boolean closed;

  /** {@code name}: the thread's and the log's, e.g. {@code ndp-pn-node-1-eth0}. */
  PacketReader(PacketSocket socket, String name, Consumer<PacketSocket.Received> onFrame) {
    this.socket = socket;
    this.name = name;
    this.onFrame = onFrame;
    this.thread = new Thread(this::read, name);
    thread.setDaemon(true);
  }

  PacketReader start() {
    thread.start();
    return this;
  }

  private void read() {
    byte[] buf = new byte[2048];
    while (!closed) {
      try {
        socket.receive(buf).filter(f -> !f.outgoing()).ifPresent(onFrame);
      } catch (RuntimeException e) {
        if (!closed) {
          log.warn("{}: {}", name, e.getMessage());
          pause();
        }
      }
    }
    socket.close();
  }

  private static void pause() {
    try {
      Thread.sleep(PacketSocket.RECEIVE_TIMEOUT_MS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Stops the loop; it ends within one receive time-out. */
  @Override
  public void close() {
    closed = true;
    try {
      thread.join(PacketSocket.RECEIVE_TIMEOUT_MS * 5L);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
