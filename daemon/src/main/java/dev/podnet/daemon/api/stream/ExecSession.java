package dev.podnet.daemon.api.stream;

import com.fasterxml.jackson.databind.JsonNode;
import dev.podnet.api.Json;
import dev.podnet.daemon.api.WebSocketSession;
import dev.podnet.kernel.ProcessExec;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelFutureListener;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One {@code kubectl exec} on an upgraded connection: frames from the client go to the command's
 * stdin and terminal, its stdout and stderr go back as frames, and when it exits the error
 * channel carries its exit status before a normal close. When the client goes away first, the
 * command's whole process tree is killed. Each stream has a thread of its own (the command's
 * pipes and terminal block); all of them end with the session.
 */
final class ExecSession implements WebSocketSession {
  private static final Logger log = LoggerFactory.getLogger(ExecSession.class);
  private static final int CHUNK = 32 * 1024;
  /** How long output may still drain after the command exited (a child it left may hold the pipe). */
  private static final long DRAIN_MS = 2000;

  /** What ran, for the status message and the log. */
  record Target(String pod, String container, List<String> command) {}

  private final ProcessExec process;
  private final ChannelProtocol protocol;
  private final ProcessExec.Streams streams;
  private final Target target;
  private final List<Thread> pumps = new ArrayList<>();
  private volatile StdinWriter stdin;
  private volatile Channel channel;

  ExecSession(ProcessExec process, ChannelProtocol protocol, ProcessExec.Streams streams, Target target) {
    this.process = process;
    this.protocol = protocol;
    this.streams = streams;
    this.target = target;
  }

  @Override
  public void opened(Channel ch) {
    this.channel = ch;
    String name = "exec-" + target.pod() + "-" + process.pid();
    if (streams.stdin()) {
      stdin = new StdinWriter(process.stdin(), process::closeStdin, ch, name + "-stdin");
      stdin.start();
    }
    ch.pipeline().addLast(new Frames());
    if (streams.stdout() || streams.tty()) {
      pumps.add(pump(process.stdout(), ChannelProtocol.STDOUT, name + "-stdout"));
    }
    if (streams.stderr() && !streams.tty()) {
      pumps.add(pump(process.stderr(), ChannelProtocol.STDERR, name + "-stderr"));
    }
    Thread waiter = new Thread(this::awaitExit, name + "-wait");
    waiter.setDaemon(true);
    waiter.start();
    log.info("exec started pod={} container={} pid={} tty={} protocol={}", target.pod(), target.container(), process.pid(), streams.tty(),
        protocol.subprotocol());
  }

  @Override
  public void abandoned(Throwable cause) {
    log.info("exec abandoned before it started pod={} container={} error={}", target.pod(), target.container(), cause.toString());
    process.close();
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
        ChannelFuture f = channel.writeAndFlush(ChannelProtocol.frame(ch, buf, n));
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

  /** Exit code, then the rest of the output, then the status, then a normal close. */
  private void awaitExit() {
    byte[] status;
    try {
      int code = process.onExit().get();
      long deadline = System.currentTimeMillis() + DRAIN_MS;
      for (Thread t : pumps) {
        t.join(Math.max(1, deadline - System.currentTimeMillis()));
      }
      status = ExecStatus.exited(code, target.command());
      log.info("exec ended pod={} container={} pid={} code={}", target.pod(), target.container(), process.pid(), code);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      status = ExecStatus.failed("podnetd stopped while the command ran");
    } catch (java.util.concurrent.ExecutionException e) {
      status = ExecStatus.failed("cannot wait for the command: " + e.getCause());
    }
    if (channel.isActive()) {
      channel.write(ChannelProtocol.frame(ChannelProtocol.ERROR, status, status.length));
      channel.writeAndFlush(new CloseWebSocketFrame(1000, "")).addListener(ChannelFutureListener.CLOSE);
    }
    end();
  }

  /** Idempotent: kills what still runs, releases the terminal, ends the stdin thread. */
  private void end() {
    process.close();
    StdinWriter w = stdin;
    if (w != null) {
      w.stop();
    }
  }

  private final class Frames extends ChannelInboundHandlerAdapter {
    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      try {
        if (msg instanceof BinaryWebSocketFrame b) {
          onData(b.content());
        } else if (msg instanceof PingWebSocketFrame p) {
          ctx.writeAndFlush(new PongWebSocketFrame(p.content().retain()));
        } else if (msg instanceof CloseWebSocketFrame) {
          ctx.close();
        }
      } finally {
        ReferenceCountUtil.release(msg);
      }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      if (process.isAlive()) {
        log.info("exec client went away, killing the command pod={} container={} pid={}", target.pod(), target.container(), process.pid());
      }
      end();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      log.debug("exec connection failed pod={} error={}", target.pod(), cause.toString());
      ctx.close();
    }
  }

  private void onData(ByteBuf b) {
    if (!b.isReadable()) {
      return;
    }
    int ch = b.readUnsignedByte();
    switch (ch) {
      case ChannelProtocol.STDIN -> {
        if (stdin != null && b.isReadable()) {
          stdin.write(ByteBufUtil.getBytes(b));
        }
      }
      case ChannelProtocol.RESIZE -> resize(b.toString(StandardCharsets.UTF_8));
      case ChannelProtocol.CLOSE -> {
        if (protocol.closesStreams() && b.isReadable() && b.readUnsignedByte() == ChannelProtocol.STDIN && stdin != null) {
          stdin.end();
        }
      }
      default -> log.debug("exec frame on a channel the client may not write ignored pod={} channel={}", target.pod(), ch);
    }
  }

  private void resize(String json) {
    try {
      JsonNode size = Json.mapper().readTree(json);
      process.resize(size.path("Width").asInt(), size.path("Height").asInt());
    } catch (IOException | RuntimeException e) {
      log.debug("exec resize ignored pod={} size={} error={}", target.pod(), json, e.toString());
    }
  }
}
