package dev.podnet.daemon.api.stream;

import dev.podnet.daemon.api.UpgradeSession;
import dev.podnet.kernel.Netns;
import dev.podnet.kernel.NetnsExecutor;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.spdy.DefaultSpdyPingFrame;
import io.netty.handler.codec.spdy.DefaultSpdySynReplyFrame;
import io.netty.handler.codec.spdy.SpdyDataFrame;
import io.netty.handler.codec.spdy.SpdyFrameCodec;
import io.netty.handler.codec.spdy.SpdyGoAwayFrame;
import io.netty.handler.codec.spdy.SpdyPingFrame;
import io.netty.handler.codec.spdy.SpdyRstStreamFrame;
import io.netty.handler.codec.spdy.SpdySynStreamFrame;
import io.netty.handler.codec.spdy.SpdyVersion;
import io.netty.util.ReferenceCountUtil;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One {@code kubectl port-forward} connection: a SPDY/3.1 session (Netty's codec: framing and
 * header compression) in which the client opens, per forwarded
 * TCP connection, an error stream and a data stream with the same {@code requestID}. Each pair
 * becomes a {@link PortTunnel} to the pod's localhost:port, dialled from a thread inside the
 * pod's network namespace.
 */
final class PortForwardSession implements UpgradeSession {
  private static final Logger log = LoggerFactory.getLogger(PortForwardSession.class);

  private final Netns netns;
  private final String pod;
  private final boolean tunneled;
  private final Map<String, PortTunnel> byRequest = new HashMap<>();
  private final Map<Integer, PortTunnel> byStream = new HashMap<>();
  private NetnsExecutor dialer;

  PortForwardSession(Netns netns, String pod, boolean tunneled) {
    this.netns = netns;
    this.pod = pod;
    this.tunneled = tunneled;
  }

  @Override
  public void opened(Channel ch) {
    dialer = new NetnsExecutor(netns, 1);
    if (tunneled) {
      ch.pipeline().addLast(new WebSocketBytes());
    }
    // no SpdySessionHandler: its flow control waits for WINDOW_UPDATEs that Go's spdystream
    // (kubectl's side) never sends, and kubelet's side does not enforce windows either
    ch.pipeline().addLast(new SpdyFrameCodec(SpdyVersion.SPDY_3_1), new Streams());
    ch.closeFuture().addListener(f -> closeAll());
    log.info("port-forward opened pod={} tunneled={}", pod, tunneled);
  }

  @Override
  public void abandoned(Throwable cause) {
    log.info("port-forward abandoned before it started pod={} error={}", pod, cause.toString());
    if (dialer != null) {
      dialer.close();
    }
  }

  /** On the event loop, like every other use of the maps. */
  private void closeAll() {
    byRequest.values().forEach(PortTunnel::close);
    byRequest.clear();
    byStream.clear();
    dialer.close();
    log.info("port-forward closed pod={}", pod);
  }

  private final class Streams extends ChannelInboundHandlerAdapter {
    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      try {
        if (msg instanceof SpdySynStreamFrame s) {
          opened(ctx, s);
        } else if (msg instanceof SpdyDataFrame d) {
          PortTunnel t = byStream.get(d.streamId());
          if (t != null) {
            t.fromClient(d.streamId(), d.content().retain(), d.isLast());
          }
        } else if (msg instanceof SpdyRstStreamFrame r) {
          PortTunnel t = byStream.remove(r.streamId());
          if (t != null) {
            t.close();
          }
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
      String request = s.headers().getAsString("requestid");
      String port = s.headers().getAsString("port");
      // Go's framer cannot read a reply without a header block, and Netty sends none for no headers
      DefaultSpdySynReplyFrame reply = new DefaultSpdySynReplyFrame(s.streamId());
      reply.headers().set("streamtype", type == null ? "" : type);
      ctx.writeAndFlush(reply);
      PortTunnel t = byRequest.computeIfAbsent(request == null ? "" : request,
          id -> new PortTunnel(new PortTunnel.Target(pod, port == null ? "" : port), ctx.channel(), dialer));
      byStream.put(s.streamId(), t);
      t.stream(type == null ? "" : type, s.streamId());
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      log.debug("port-forward connection failed pod={} error={}", pod, cause.toString());
      ctx.close();
    }
  }
}
