package dev.podnet.dns;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.handler.timeout.IdleStateHandler;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The listening side: one UDP socket and one TCP listener on the same address.
 *
 * <pre>
 *   UDP  datagram ─ UdpFront ─ Responder ─ (KubeZone | Forwarder) ─ Replies (one buffer) ─ datagram
 *   TCP  frame (2-byte length) ─ TcpFront ─ Responder ─ … ─ Replies ─ frame
 * </pre>
 */
final class DnsServer implements AutoCloseable {
  private final List<Channel> channels = new java.util.ArrayList<>();

  /** Binds both; the address actually bound (port 0 picks one) is {@link #udpAddress()}/{@link #tcpAddress()}. */
  DnsServer(EventLoopGroup group, InetSocketAddress address, Responder responder, Metrics metrics) throws InterruptedException {
    UdpFront udp = new UdpFront(responder, metrics);
    channels.add(new Bootstrap().group(group).channel(NioDatagramChannel.class)
        .option(ChannelOption.SO_RCVBUF, 1 << 20)
        .handler(new ChannelInitializer<NioDatagramChannel>() {
          @Override
          protected void initChannel(NioDatagramChannel ch) {
            ch.pipeline().addLast(udp);
          }
        }).bind(address).sync().channel());
    int udpPort = ((InetSocketAddress) channels.get(0).localAddress()).getPort();
    InetSocketAddress tcpAt = address.getPort() == 0 ? new InetSocketAddress(address.getAddress(), udpPort) : address;
    channels.add(new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
        .childHandler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel ch) {
            ch.pipeline().addLast(new IdleStateHandler(0, 0, 10, TimeUnit.SECONDS),
                new LengthFieldBasedFrameDecoder(65535 + 2, 0, 2, 0, 2),
                new TcpFront(responder, metrics));
          }
        }).bind(tcpAt).sync().channel());
  }

  InetSocketAddress udpAddress() {
    return (InetSocketAddress) channels.get(0).localAddress();
  }

  InetSocketAddress tcpAddress() {
    return (InetSocketAddress) channels.get(1).localAddress();
  }

  @Override
  public void close() {
    channels.forEach(c -> c.close().syncUninterruptibly());
  }
}
