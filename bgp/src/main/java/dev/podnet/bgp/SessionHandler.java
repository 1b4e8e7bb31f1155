package dev.podnet.bgp;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/** Hands one connection's events to its {@link Peer}, on the speaker's thread. */
final class SessionHandler extends ChannelInboundHandlerAdapter {
  private final Peer peer;
  private final Connection connection;

  SessionHandler(Peer peer, Connection connection) {
    this.peer = peer;
    this.connection = connection;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    peer.connected(connection);
    ctx.fireChannelActive();
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof BgpException e) {
      peer.protocolError(connection, e);
    } else {
      peer.received(connection, (Message) msg);
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    peer.closed(connection);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    peer.transportError(connection, cause);
    ctx.close();
  }
}
