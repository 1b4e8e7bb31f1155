package dev.podnet.dns;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetSocketAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** DNS over UDP: one datagram in, at most one out; nothing a client sends can end the loop. */
@ChannelHandler.Sharable
final class UdpFront extends SimpleChannelInboundHandler<DatagramPacket> {
  private static final Logger log = LoggerFactory.getLogger(UdpFront.class);
  private final Responder responder;
  private final Metrics metrics;
  /** Stateless: one per front, not one per message. */
  private final QueryDecoder decoder = new QueryDecoder();

  UdpFront(Responder responder, Metrics metrics) {
    this.responder = responder;
    this.metrics = metrics;
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
    long start = System.nanoTime();
    InetSocketAddress client = packet.sender();
    InetSocketAddress local = packet.recipient();
    QueryDecoder.Decoded decoded = decoder.decode(packet.content());
    if (decoded instanceof QueryDecoder.Reject r) {
      metrics.malformed(false);
      ctx.writeAndFlush(new DatagramPacket(Replies.headerOnly(ctx.alloc(), r.id(), r.rcode(), 0), client, local));
    } else if (decoded instanceof QueryDecoder.Ok ok) {
      Query q = ok.query();
      responder.respond(q, client.getAddress()).whenComplete((reply, err) -> {
        Responder.Reply out = err == null ? reply : failed(q, client, err);
        metrics.answered("udp", family(client), q.qtype(), rcodeOf(out), out.plugin(), System.nanoTime() - start);
        send(ctx, q, out, client, local);
      });
    } else {
      metrics.malformed(true);
    }
  }

  static Responder.Reply failed(Query q, InetSocketAddress client, Throwable err) {
    log.warn("query={} type={} client={}: {}", q.qname(), q.qtype(), client, err.toString());
    return new Responder.Built(Answer.failure(Answer.Rcode.SERVFAIL), "");
  }

  static int rcodeOf(Responder.Reply reply) {
    if (reply instanceof Responder.Built b) {
      return b.answer().rcode().code;
    }
    byte[] m = ((Responder.Relayed) reply).message();
    return m.length > 3 ? m[3] & 0xF : 0;
  }

  private static void send(ChannelHandlerContext ctx, Query q, Responder.Reply reply, InetSocketAddress client,
                           InetSocketAddress local) {
    if (reply instanceof Responder.Relayed r) {
      ctx.writeAndFlush(new DatagramPacket(Unpooled.wrappedBuffer(Replies.withId(r.message(), q.id())), client, local));
    } else {
      Answer a = ((Responder.Built) reply).answer();
      ctx.writeAndFlush(new DatagramPacket(Replies.encode(ctx.alloc(), q, a, q.udpLimit(), 0), client, local));
    }
  }

  static int family(InetSocketAddress a) {
    return a.getAddress() instanceof java.net.Inet6Address ? 2 : 1;
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    // e.g. an encoder rejecting a name from a hostile query: that query goes unanswered, the socket stays
    log.debug("udp: {}", cause.toString());
  }
}
