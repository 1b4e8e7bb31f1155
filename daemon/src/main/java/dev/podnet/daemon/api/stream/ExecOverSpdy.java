package dev.podnet.daemon.api.stream;

import dev.podnet.kernel.ProcessExec;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.spdy.DefaultSpdyDataFrame;
import io.netty.handler.codec.spdy.DefaultSpdyPingFrame;
import io.netty.handler.codec.spdy.DefaultSpdySynReplyFrame;
import io.netty.handler.codec.spdy.SpdyDataFrame;
import io.netty.handler.codec.spdy.SpdyFrameCodec;
import io.netty.handler.codec.spdy.SpdyGoAwayFrame;
import io.netty.handler.codec.spdy.SpdyPingFrame;
import io.netty.handler.codec.spdy.SpdySynStreamFrame;
import io.netty.handler.codec.spdy.SpdyVersion;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Exec's streams as SPDY/3.1 streams, the way kubectl before 1.30 speaks to kubelet
 * ({@code v4.channel.k8s.io}): after the upgrade the client opens one stream per stream it wants,
 * named by its {@code streamtype} header (error, stdin, stdout, stderr, resize), and waits for
 * each reply. The command starts once all of them are there. The end of stdin is the client's
 * FIN on the stdin stream; the end of the session is the status on the error stream and a FIN on
 * every stream, after which the client closes the connection.
 */
final class ExecOverSpdy implements ExecTransport {
  static final String STREAM_PROTOCOL = "v4.channel.k8s.io";
  private static final Logger log = LoggerFactory.getLogger(ExecOverSpdy.class);
  private static final Map<String, Integer> TYPES = Map.of("error", ChannelProtocol.ERROR, "stdin", ChannelProtocol.STDIN,
      "stdout", ChannelProtocol.STDOUT, "stderr", ChannelProtocol.STDERR, "resize", ChannelProtocol.RESIZE);
  /** How long the connection stays after the final status when the client does not close it. */
  private static final long LINGER_SECONDS = 5;

  private final Set<Integer> expected = new HashSet<>();
  /** Stream number ({@link ChannelProtocol}) to SPDY stream id, and back; written on the event loop, read by the pumps. */
  private final Map<Integer, Integer> streamIds = new ConcurrentHashMap<>();
  private final Map<Integer, Integer> streams = new ConcurrentHashMap<>();
  private final CountDownLatch allOpen = new CountDownLatch(1);
  private Channel channel;

  /** The streams a v4 client opens for these: the error stream always, resize with a tty. */
  ExecOverSpdy(ProcessExec.Streams asked) {
    expected.add(ChannelProtocol.ERROR);
    if (asked.stdin()) {
      expected.add(ChannelProtocol.STDIN);
    }
    if (asked.stdout()) {
      expected.add(ChannelProtocol.STDOUT);
    }
    if (asked.stderr()) {
      expected.add(ChannelProtocol.STDERR);
    }
    if (asked.tty()) {
      expected.add(ChannelProtocol.RESIZE);
    }
  }

  @Override
  public void install(Channel ch, Client client) {
    channel = ch;
    // no SpdySessionHandler, as for port-forward: Go's spdystream sends no WINDOW_UPDATEs
    ch.pipeline().addLast(new SpdyFrameCodec(SpdyVersion.SPDY_3_1), new Streams(client));
  }

  @Override
  public boolean awaitStreams(long millis) throws InterruptedException {
    return allOpen.await(millis, TimeUnit.MILLISECONDS);
  }

  @Override
  public ChannelFuture write(int stream, byte[] data, int len) {
    return channel.writeAndFlush(new DefaultSpdyDataFrame(streamIds.get(stream), Unpooled.copiedBuffer(data, 0, len)));
  }

  @Override
  public void finish(byte[] status) {
    if (!channel.isActive()) {
      return;
    }
    Integer error = streamIds.get(ChannelProtocol.ERROR);
    if (error != null) {
      DefaultSpdyDataFrame s = new DefaultSpdyDataFrame(error, Unpooled.wrappedBuffer(status));
      s.setLast(true);
      channel.write(s);
    }
    for (int stream : new int[] {ChannelProtocol.STDOUT, ChannelProtocol.STDERR}) {
      Integer id = streamIds.get(stream);
      if (id != null) {
        channel.write(new DefaultSpdyDataFrame(id).setLast(true));
      }
    }
    channel.flush();
    // the client closes once it read every stream to its end; closing first could lose what it has not read
    channel.eventLoop().schedule(() -> channel.close(), LINGER_SECONDS, TimeUnit.SECONDS);
  }

  @Override
  public String protocol() {
    return "SPDY/3.1 " + STREAM_PROTOCOL;
  }

  private final class Streams extends ChannelInboundHandlerAdapter {
    private final Client client;

    Streams(Client client) {
      this.client = client;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      try {
        if (msg instanceof SpdySynStreamFrame s) {
          opened(ctx, s);
        } else if (msg instanceof SpdyDataFrame d) {
          onData(d);
        } else if (msg instanceof SpdyPingFrame p) {
          ctx.writeAndFlush(new DefaultSpdyPingFrame(p.id()));
        } else if (msg instanceof SpdyGoAwayFrame) {
          ctx.close();
        }
      } finally {
        ReferenceCountUtil.release(msg);
      }
    }

    private void opened(ChannelHandlerContext ctx, SpdySynStreamFrame s) {
      String type = s.headers().getAsString("streamtype");
      // Go's framer cannot read a reply without a header block, and Netty sends none for no headers
      DefaultSpdySynReplyFrame reply = new DefaultSpdySynReplyFrame(s.streamId());
      reply.headers().set("streamtype", type == null ? "" : type);
      ctx.writeAndFlush(reply);
      Integer stream = type == null ? null : TYPES.get(type);
      if (stream == null) {
        log.debug("exec stream of an unknown type ignored streamtype={}", type);
        return;
      }
      streamIds.put(stream, s.streamId());
      streams.put(s.streamId(), stream);
      if (streamIds.keySet().containsAll(expected)) {
        allOpen.countDown();
      }
    }

    private void onData(SpdyDataFrame d) {
      Integer stream = streams.get(d.streamId());
      if (stream == null) {
        return;
      }
      if (stream == ChannelProtocol.STDIN) {
        if (d.content().isReadable()) {
          client.stdin(ByteBufUtil.getBytes(d.content()));
        }
        if (d.isLast()) {
          client.stdinClosed();
        }
      } else if (stream == ChannelProtocol.RESIZE && d.content().isReadable()) {
        client.resize(d.content().toString(StandardCharsets.UTF_8));
      }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      client.gone();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      log.debug("exec SPDY connection failed error={}", cause.toString());
      ctx.close();
    }
  }
}
