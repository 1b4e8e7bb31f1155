package dev.podnet.kernel;

import com.sun.jna.Library;
import com.sun.jna.Native;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * A thread that lives in another network namespace: sockets it opens belong to that namespace.
 * This is how a node's probes (kubelet dials from the node) and agents reach pod IPs without
 * starting a process per dial. {@code setns(2)} moves only the calling thread, so the rest of
 * the JVM stays where it was.
 */
public final class NetnsExecutor implements AutoCloseable {
  private static final int CLONE_NEWNET = 0x40000000;
  private static final int O_RDONLY = 0;

  interface LibC extends Library {
    int open(String path, int flags);

    int close(int fd);

    int setns(int fd, int nstype);
  }

  private static final class Holder {
    static final LibC C = Native.load("c", LibC.class);
  }

  private final Netns netns;
  private final ExecutorService thread;

  public NetnsExecutor(Netns netns, int threads) {
    this.netns = netns;
    this.thread = Executors.newFixedThreadPool(threads, r -> {
      Thread t = new Thread(() -> {
        enter(netns);
        r.run();
      }, "netns-" + netns);
      t.setDaemon(true);
      return t;
    });
    // fail at construction, not on first use, if the namespace cannot be entered
    call(() -> null);
  }

  private static void enter(Netns netns) {
    if (netns instanceof Netns.Host) {
      return;
    }
    int fd = Holder.C.open(netns.path().toString(), O_RDONLY);
    if (fd < 0) {
      throw new KernelException("open netns handle " + netns.path(), netns, "errno " + Native.getLastError());
    }
    try {
      if (Holder.C.setns(fd, CLONE_NEWNET) != 0) {
        throw new KernelException("setns into " + netns.path(), netns, "errno " + Native.getLastError());
      }
    } finally {
      Holder.C.close(fd);
    }
  }

  public Netns netns() {
    return netns;
  }

  public <T> Future<T> submit(Callable<T> task) {
    return thread.submit(task);
  }

  /** Runs {@code task} in the namespace and waits for it. */
  public <T> T call(Callable<T> task) {
    try {
      return thread.submit(task).get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new KernelException("run task", netns, "interrupted");
    } catch (ExecutionException e) {
      Throwable c = e.getCause();
      if (c instanceof RuntimeException re) {
        throw re;
      }
      throw new KernelException("run task", netns, String.valueOf(c));
    }
  }

  public <T> CompletableFuture<T> async(Callable<T> task) {
    CompletableFuture<T> f = new CompletableFuture<>();
    thread.execute(() -> {
      try {
        f.complete(task.call());
      } catch (Exception e) {
        f.completeExceptionally(e);
      }
    });
    return f;
  }

  @Override
  public void close() {
    thread.shutdownNow();
  }
}
