package dev.podnet.daemon.api.stream;

import io.netty.channel.Channel;
import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * Feeds stdin frames to the command on a thread of its own, since a pipe or terminal write
 * blocks when the command is not reading and the event loop must never block. While too much
 * waits, the channel stops reading, which pushes back on the client through TCP.
 */
final class StdinWriter {
  private static final int PAUSE_AT = 64;
  private static final int RESUME_AT = 8;
  private static final byte[] END = new byte[0];
  private static final byte[] STOP = new byte[0];

  private final LinkedBlockingQueue<byte[]> queue = new LinkedBlockingQueue<>();
  private final Channel channel;
  private final String name;
  private OutputStream stdin;
  private Runnable closeStdin;

  StdinWriter(Channel channel, String name) {
    this.channel = channel;
    this.name = name;
  }

  /** Starts writing into the command's stdin; what the client sent before waits in the queue until then. */
  Thread start(OutputStream stdin, Runnable closeStdin) {
    this.stdin = stdin;
    this.closeStdin = closeStdin;
    Thread t = new Thread(this::run, name);
    t.setDaemon(true);
    t.start();
    return t;
  }

  void write(byte[] data) {
    queue.add(data);
    if (queue.size() >= PAUSE_AT) {
      channel.config().setAutoRead(false);
    }
  }

  /** End of input, after what was written before. */
  void end() {
    queue.add(END);
  }

  /** Drops what waits and ends the thread. */
  void stop() {
    queue.clear();
    queue.add(STOP);
  }

  private void run() {
    boolean broken = false;
    try {
      while (true) {
        byte[] b = queue.take();
        if (b == STOP) {
          return;
        }
        if (b == END) {
          closeStdin.run();
        } else if (!broken) {
          broken = !deliver(b);
        }
        if (queue.size() <= RESUME_AT && !channel.config().isAutoRead()) {
          channel.config().setAutoRead(true);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** False once the command closed its stdin or ended: what the client still types goes nowhere, as upstream. */
  private boolean deliver(byte[] b) {
    try {
      stdin.write(b);
      stdin.flush();
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
