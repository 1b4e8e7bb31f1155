package dev.podnet.dns;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.timeout.IdleStateEvent;
import java.net.InetSocketAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * DNS over TCP (RFC 7766): length-prefixed messages, several per connection, replies in any
 * order. A bad message inside a good frame is FORMERR; a bad frame or an idle connection is closed.
 */
final class TcpFront extends SimpleChannelInboundHandler<ByteBuf> {
  private static final Logger log = LoggerFactory.getLogger(TcpFront.class);
  private static final int TCP_LIMIT = 65535;
  private final Responder responder;
  private final Metrics metrics;
  /** Stateless: one per front, not one per message. */
  private final QueryDecoder decoder = new QueryDecoder();

  TcpFront(Responder responder, Metrics metrics) {
    this.responder = responder;
    this.metrics = metrics;
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, ByteBuf frame) {
    long start = System.nanoTime();
    InetSocketAddress client = (InetSocketAddress) ctx.channel().remoteAddress();
    QueryDecoder.Decoded decoded = decoder.decode(frame);
    if (decoded instanceof QueryDecoder.Reject r) {
      metrics.malformed(false);
      ctx.writeAndFlush(framed(Replies.headerOnly(ctx.alloc(), r.id(), r.rcode(), 2)));
    } else if (decoded instanceof QueryDecoder.Ok ok) {
      Query q = ok.query();
      responder.respond(q, client.getAddress()).whenComplete((reply, err) -> {
        Responder.Reply out = err == null ? reply : UdpFront.failed(q, client, err);
        metrics.answered("tcp", UdpFront.family(client), q.qtype(), UdpFront.rcodeOf(out), out.plugin(),
            System.nanoTime() - start);
        send(ctx, q, out);
      });
    } else {
      metrics.malformed(true);
    }
  }

  private static void send(ChannelHandlerContext ctx, Query q, Responder.Reply reply) {
    if (reply instanceof Responder.Relayed r) {
      byte[] m = Replies.withId(r.message(), q.id());
      ByteBuf out = Unpooled.buffer(m.length + 2).writeShort(m.length).writeBytes(m);
      ctx.writeAndFlush(out);
    } else {
      Answer a = ((Responder.Built) reply).answer();
      ctx.writeAndFlush(framed(Replies.encode(ctx.alloc(), q, a, TCP_LIMIT, 2)));
    }
  }

  /** RFC 1035 §4.2.2: the message behind its 2-byte length, in the 2 bytes left free in front of it. */
  private static ByteBuf framed(ByteBuf message) {
    return message.setShort(0, message.readableBytes() - 2);
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
    if (evt instanceof IdleStateEvent) {
      ctx.close();
    } else {
      super.userEventTriggered(ctx, evt);
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    log.debug("tcp client={}: {}", ctx.channel().remoteAddress(), cause.toString());
    ctx.close();
  }
}
