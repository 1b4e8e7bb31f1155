package dev.podnet.bgp;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import java.net.InetSocketAddress;
import java.util.concurrent.ScheduledFuture;

/** One TCP connection of a peer and its place in the FSM; two may race until collision detection picks one. */
final class Connection {
  final Channel channel;
  final boolean outbound;
  final FrameCodec codec;
  SessionState state = SessionState.CONNECT;
  Negotiated negotiated;
  /** A NOTIFICATION went either way: the session ended on purpose, so no graceful restart (RFC 4724 4.2). */
  boolean notified;
  ScheduledFuture<?> hold;
  ScheduledFuture<?> keepalive;

  Connection(Channel channel, boolean outbound, FrameCodec codec) {
    this.channel = channel;
    this.outbound = outbound;
    this.codec = codec;
  }

  void send(Message m) {
    channel.writeAndFlush(m, channel.voidPromise());
  }

  void notifyAndClose(Message.Notification n) {
    notified = true;
    channel.writeAndFlush(n).addListener(ChannelFutureListener.CLOSE);
  }

  void cancelTimers() {
    if (hold != null) {
      hold.cancel(false);
    }
    if (keepalive != null) {
      keepalive.cancel(false);
    }
  }

  InetSocketAddress local() {
    return (InetSocketAddress) channel.localAddress();
  }

  @Override
  public String toString() {
    return (outbound ? "out " : "in ") + channel.remoteAddress() + " " + state;
  }
}
