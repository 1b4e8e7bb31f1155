package dev.podnet.daemon.api.stream;

import com.fasterxml.jackson.databind.JsonNode;
import dev.podnet.api.Json;
import dev.podnet.daemon.api.UpgradeSession;
import dev.podnet.kernel.KernelException;
import dev.podnet.kernel.ProcessExec;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One {@code kubectl exec} on an upgraded connection: the command starts (a tty once the client
 * said its size, so the first {@code stty size} is right), what the client sends goes to its stdin
 * and terminal, its stdout and stderr go back, and when it exits the error stream carries its exit
 * status before the end; the {@link ExecTransport} (WebSocket frames or SPDY streams) carries them. When the client goes away first, the command's
 * whole process tree is killed. Each stream has a thread of its own (pipes and terminals block);
 * all of them end with the session.
 */
final class ExecSession implements UpgradeSession {
  private static final Logger log = LoggerFactory.getLogger(ExecSession.class);
  private static final int CHUNK = 32 * 1024;
  /** How long output may still drain after the command exited (a child it left may hold the pipe). */
  private static final long DRAIN_MS = 2000;
  /** How long a tty waits for the client's first size; kubectl sends it right after connecting. */
  private static final long SIZE_WAIT_MS = 1000;
  /** How long a SPDY client may take to open its streams after the upgrade, as kubelet allows. */
  private static final long STREAMS_WAIT_MS = 30_000;

  /** What runs where, for the status message and the log. */
  record Target(String pod, String container, long pid, List<String> command) {}

  private final Target target;
  private final ProcessExec.Streams streams;
  private final ExecTransport transport;
  private final List<Thread> pumps = new ArrayList<>();
  private final CountDownLatch sized = new CountDownLatch(1);
  private volatile ProcessExec.Size size;
  private ProcessExec process;
  private boolean ended;
  private StdinWriter stdin;
  private Channel channel;

  ExecSession(Target target, ProcessExec.Streams streams, ExecTransport transport) {
    this.target = target;
    this.streams = streams;
    this.transport = transport;
  }

  @Override
  public void opened(Channel ch) {
    String name = "pod-exec-" + target.pod() + "-" + target.container();
    synchronized (this) {
      channel = ch;
      stdin = streams.stdin() ? new StdinWriter(ch, name + "-stdin") : null;
    }
    transport.install(ch, new Input());
    Thread main = new Thread(this::run, name);
    main.setDaemon(true);
    main.start();
  }

  @Override
  public void abandoned(Throwable cause) {
    log.info("exec abandoned before it started pod={} container={} error={}", target.pod(), target.container(), cause.toString());
  }

  /** Start, stream, wait, report: the session's own thread. */
  private void run() {
    ProcessExec p;
    try {
      if (!transport.awaitStreams(STREAMS_WAIT_MS)) {
        log.info("exec client did not open its streams pod={} container={} protocol={}", target.pod(), target.container(), transport.protocol());
        channel.close();
        return;
      }
      if (streams.tty()) {
        sized.await(SIZE_WAIT_MS, TimeUnit.MILLISECONDS);
      }
      p = ProcessExec.start(new ProcessExec.Request(target.pid(), target.command(), streams, Optional.ofNullable(size)));
    } catch (KernelException e) {
      finish(ExecStatus.failed("exec in container " + target.container() + " of pod " + target.pod() + ": " + e.getMessage()));
      return;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    }
    if (!started(p)) {
      p.close();
      return;
    }
    log.info("exec started pod={} container={} pid={} tty={} protocol={}", target.pod(), target.container(), p.pid(), streams.tty(),
        transport.protocol());
    finish(awaitExit(p));
  }

  /** Hands the command its streams; false when the client left while it started. */
  private synchronized boolean started(ProcessExec p) {
    if (ended) {
      return false;
    }
    process = p;
    if (stdin != null) {
      stdin.start(p.stdin(), p::closeStdin);
    }
    if (streams.stdout() || streams.tty()) {
      pumps.add(pump(p.stdout(), ChannelProtocol.STDOUT, Thread.currentThread().getName() + "-stdout"));
    }
    if (streams.stderr() && !streams.tty()) {
      pumps.add(pump(p.stderr(), ChannelProtocol.STDERR, Thread.currentThread().getName() + "-stderr"));
    }
    if (size != null) {
      p.resize(size.columns(), size.rows());
    }
    return true;
  }

  private Thread pump(InputStream in, int ch, String name) {
    Thread t = new Thread(() -> copy(in, ch), name);
    t.setDaemon(true);
    t.start();
    return t;
  }

  private void copy(InputStream in, int ch) {
    byte[] buf = new byte[CHUNK];
    try (in) {
      for (int n; (n = in.read(buf, 0, buf.length)) >= 0;) {
        if (n == 0) {
          continue;
        }
        ChannelFuture f = transport.write(ch, buf, n);
        if (!channel.isWritable()) {
          // a slow client: wait for its socket instead of queueing the command's output in memory
          f.await(5, TimeUnit.SECONDS);
        }
      }
    } catch (IOException e) {
      // the stream closed under us when the session ended
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The exit status once the command exited and its output drained. */
  private byte[] awaitExit(ProcessExec p) {
    try {
      int code = p.onExit().get();
      long deadline = System.currentTimeMillis() + DRAIN_MS;
      for (Thread t : pumps) {
        t.join(Math.max(1, deadline - System.currentTimeMillis()));
      }
      log.info("exec ended pod={} container={} pid={} code={}", target.pod(), target.container(), p.pid(), code);
      return ExecStatus.exited(code, target.command());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return ExecStatus.failed("podnetd stopped while the command ran");
    } catch (ExecutionException e) {
      return ExecStatus.failed("cannot wait for the command: " + e.getCause());
    }
  }

  /** The status on the error channel, then a normal close; then everything is released. */
  private void finish(byte[] status) {
    transport.finish(status);
    end();
  }

  /** Idempotent: kills what still runs, releases the terminal, ends the stdin thread. */
  private synchronized void end() {
    ended = true;
    if (process != null) {
      process.close();
    }
    if (stdin != null) {
      stdin.stop();
    }
  }

  /** What the client sends, from either transport. */
  private final class Input implements ExecTransport.Client {
    @Override
    public void stdin(byte[] data) {
      StdinWriter w = stdinWriter();
      if (w != null) {
        w.write(data);
      }
    }

    @Override
    public void stdinClosed() {
      StdinWriter w = stdinWriter();
      if (w != null) {
        w.end();
      }
    }

    @Override
    public void resize(String json) {
      ExecSession.this.resize(json);
    }

    @Override
    public void gone() {
      synchronized (ExecSession.this) {
        if (process != null && process.isAlive()) {
          log.info("exec client went away, killing the command pod={} container={} pid={}", target.pod(), target.container(), process.pid());
        }
      }
      end();
    }
  }

  private synchronized StdinWriter stdinWriter() {
    return stdin;
  }

  /** {@code {"Width":W,"Height":H}}: kept for the start, or applied to the running command's terminal. */
  private void resize(String json) {
    ProcessExec p;
    try {
      JsonNode z = Json.mapper().readTree(json);
      size = new ProcessExec.Size(z.path("Width").asInt(), z.path("Height").asInt());
      synchronized (this) {
        p = process;
      }
      if (p != null) {
        p.resize(size.columns(), size.rows());
      }
    } catch (IOException | RuntimeException e) {
      log.debug("exec resize ignored pod={} size={} error={}", target.pod(), json, e.toString());
    }
    sized.countDown();
  }
}
