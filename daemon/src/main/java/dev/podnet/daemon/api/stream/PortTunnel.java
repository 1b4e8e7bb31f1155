package dev.podnet.daemon.api.stream;

import dev.podnet.kernel.NetnsExecutor;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.DuplexChannel;
import io.netty.handler.codec.spdy.DefaultSpdyDataFrame;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * One forwarded connection: the client's data stream joined to a TCP connection to the pod's
 * localhost:port, and an error stream for why that failed. The socket is created on a thread in
 * the pod's network namespace (a socket belongs to the namespace it was made in); everything
 * else runs on the client connection's event loop.
 */
final class PortTunnel {
  /** The pod and the port the client asked for, as it wrote it. */
  record Target(String pod, String port) {}

  private final Target target;
  private final Channel client;
  private final NetnsExecutor dialer;
  private final List<ByteBuf> pending = new ArrayList<>();
  private int errorStream = -1;
  private int dataStream = -1;
  private Channel backend;
  private boolean clientDone;
  private boolean closed;

  PortTunnel(Target target, Channel client, NetnsExecutor dialer) {
    this.target = target;
    this.client = client;
    this.dialer = dialer;
  }

  /** A stream of the pair arrived; with both, the connection is made. */
  void stream(String type, int id) {
    if (type.equals("error")) {
      errorStream = id;
    } else if (type.equals("data")) {
      dataStream = id;
    }
    if (errorStream >= 0 && dataStream >= 0) {
      connect();
    }
  }

  void fromClient(int stream, ByteBuf data, boolean last) {
    if (stream != dataStream || closed) {
      data.release();
      return;
    }
    clientDone |= last;
    if (backend == null) {
      pending.add(data);
      return;
    }
    backend.writeAndFlush(data);
    if (last && backend instanceof DuplexChannel d) {
      d.shutdownOutput();
    }
  }

  private void connect() {
    int port;
    try {
      port = PortForwardEndpoint.port(target.port());
    } catch (RuntimeException e) {
      fail(e.getMessage());
      return;
    }
    Bootstrap b = new Bootstrap().group(client.eventLoop()).channel(EpollSocketChannel.class).option(ChannelOption.ALLOW_HALF_CLOSURE, true)
        .handler(new Backend());
    ChannelFuture f;
    try {
      // the channel, and so its socket, is made on the dialer's thread, inside the pod's namespace
      f = dialer.call(() -> b.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port)));
    } catch (RuntimeException e) {
      fail("cannot dial into the pod's network namespace: " + e.getMessage());
      return;
    }
    f.addListener(done -> client.eventLoop().execute(() -> connected(f)));
  }

  private void connected(ChannelFuture f) {
    if (!f.isSuccess()) {
      fail("failed to connect to localhost:" + target.port() + " inside the pod's network namespace: " + f.cause().getMessage());
      return;
    }
    backend = f.channel();
    if (closed) {
      backend.close();
      return;
    }
    pending.forEach(backend::write);
    pending.clear();
    backend.flush();
    if (clientDone && backend instanceof DuplexChannel d) {
      d.shutdownOutput();
    }
  }

  /** Says why on the error stream, as kubelet does; kubectl prints it and drops this connection. */
  private void fail(String why) {
    String message = "error forwarding port " + target.port() + " to pod " + target.pod() + ": " + why;
    client.write(new DefaultSpdyDataFrame(errorStream, Unpooled.copiedBuffer(message, StandardCharsets.UTF_8)));
    finish();
  }

  /** Both streams end (FIN) from our side. */
  private void finish() {
    if (closed) {
      return;
    }
    closed = true;
    if (client.isActive()) {
      client.write(lastFrame(dataStream));
      client.writeAndFlush(lastFrame(errorStream));
    }
    pending.forEach(ByteBuf::release);
    pending.clear();
  }

  private static DefaultSpdyDataFrame lastFrame(int stream) {
    DefaultSpdyDataFrame f = new DefaultSpdyDataFrame(stream);
    f.setLast(true);
    return f;
  }

  void close() {
    finish();
    if (backend != null) {
      backend.close();
    }
  }

  private final class Backend extends ChannelInboundHandlerAdapter {
    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      if (closed || !client.isActive()) {
        ((ByteBuf) msg).release();
        return;
      }
      client.writeAndFlush(new DefaultSpdyDataFrame(dataStream, (ByteBuf) msg));
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
      if (evt instanceof ChannelInputShutdownEvent) {
        // the pod's side is done writing: end the data stream, keep the rest until it closes
        client.eventLoop().execute(PortTunnel.this::finish);
      }
      ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      client.eventLoop().execute(PortTunnel.this::finish);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      ctx.close();
    }
  }
}
