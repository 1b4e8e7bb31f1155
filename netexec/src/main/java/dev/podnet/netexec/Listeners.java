package dev.podnet.netexec;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.ssl.SslContext;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.internal.logging.InternalLoggerFactory;
import io.netty.util.internal.logging.JdkLoggerFactory;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Every socket an agnhost process listens on, all served by one Netty event loop thread with the
 * unpooled allocator: per container, memory matters more than throughput. Handlers that block
 * run on {@link #blocking()}, a pool whose threads exist only while busy.
 */
final class Listeners implements AutoCloseable {
    private static final int MAX_REQUEST_BYTES = 1 << 20;
    private static final ByteBufAllocator ALLOCATOR = UnpooledByteBufAllocator.DEFAULT;

    static {
        // slf4j may be on a test classpath without a provider; Netty's few logs go to JUL instead
        InternalLoggerFactory.setDefaultFactory(JdkLoggerFactory.INSTANCE);
    }

    private final NioEventLoopGroup loop = new NioEventLoopGroup(1, new DefaultThreadFactory("agnhost-loop", false));
    private final ExecutorService blocking = Executors.newCachedThreadPool(new DefaultThreadFactory("agnhost-worker", true));
    private final List<Channel> channels = new ArrayList<>();

    ExecutorService blocking() {
        return blocking;
    }

    /** An HTTP/1.1 server, HTTPS with {@code tls}; bodies up to 1 MiB. */
    Channel http(InetSocketAddress address, Optional<SslContext> tls, HttpFront.Config config) throws InterruptedException {
        return tcp(address, () -> {
            List<ChannelHandler> handlers = new ArrayList<>();
            tls.ifPresent(context -> handlers.add(context.newHandler(ALLOCATOR)));
            handlers.add(new HttpServerCodec());
            handlers.add(new HeaderSnapshot());
            handlers.add(new HttpObjectAggregator(MAX_REQUEST_BYTES));
            handlers.add(new HttpFront(config));
            return handlers.toArray(new ChannelHandler[0]);
        });
    }

    /** A TCP server whose connections each get fresh handlers from {@code pipeline}. */
    Channel tcp(InetSocketAddress address, Supplier<ChannelHandler[]> pipeline) throws InterruptedException {
        ServerBootstrap server = new ServerBootstrap().group(loop).channel(NioServerSocketChannel.class)
                .option(ChannelOption.ALLOCATOR, ALLOCATOR).option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.ALLOCATOR, ALLOCATOR)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(pipeline.get());
                    }
                });
        return bound(server.bind(address).sync().channel());
    }

    /** A UDP socket; datagrams past {@link UdpCommands#MAX_DATAGRAM} bytes are cut, as upstream's buffer cuts them. */
    Channel udp(InetSocketAddress address, UdpFront front) throws InterruptedException {
        Bootstrap udp = new Bootstrap().group(loop).channel(NioDatagramChannel.class)
                .option(ChannelOption.ALLOCATOR, ALLOCATOR)
                .option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(UdpCommands.MAX_DATAGRAM))
                .handler(front);
        return bound(udp.bind(address).sync().channel());
    }

    private synchronized Channel bound(Channel channel) {
        channels.add(channel);
        return channel;
    }

    static int port(Channel channel) {
        return ((InetSocketAddress) channel.localAddress()).getPort();
    }

    /** Blocks until the listeners are closed (by {@link #close()}); the process lives this long. */
    void awaitClosed() throws InterruptedException {
        loop.terminationFuture().sync();
    }

    @Override
    public synchronized void close() {
        channels.forEach(Channel::close);
        blocking.shutdownNow();
        loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
