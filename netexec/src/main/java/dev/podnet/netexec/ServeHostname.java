package dev.podnet.netexec;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;

/**
 * {@code agnhost serve-hostname}: the host name over HTTP (any path), or raw over TCP (written on
 * accept, then closed) and UDP (to any datagram). HTTP is on by default and excludes the others,
 * so raw modes need {@code --http=false}, as upstream.
 */
final class ServeHostname implements AutoCloseable {
    /** @param address where to listen (upstream: every address, --port) */
    record Options(InetSocketAddress address, boolean http, boolean tcp, boolean udp, boolean close) {}

    static final CommandLine COMMAND_LINE = new CommandLine("serve-hostname", "[flags]")
            .flag("tcp", CommandLine.Kind.BOOL, "false", "Serve raw over TCP.")
            .flag("udp", CommandLine.Kind.BOOL, "false", "Serve raw over UDP.")
            .flag("http", CommandLine.Kind.BOOL, "true", "Serve HTTP.")
            .flag("close", CommandLine.Kind.BOOL, "false", "Close connection per each HTTP request.")
            .flag("port", CommandLine.Kind.INT, "9376", "Port number.");

    private final Listeners listeners = new Listeners();
    private Channel tcp;
    private Channel udp;
    private Channel http;

    private ServeHostname() {
    }

    static Options options(CommandLine.Parsed flags) throws UsageException {
        Options options = new Options(new InetSocketAddress(flags.integer("port")), flags.bool("http"),
                flags.bool("tcp"), flags.bool("udp"), flags.bool("close"));
        if (options.http() && (options.tcp() || options.udp())) {
            throw UsageException.of("Can't server TCP/UDP mode and HTTP mode at the same time");
        }
        return options;
    }

    static ServeHostname start(Options options) throws InterruptedException {
        ServeHostname server = new ServeHostname();
        String hostname = Hostname.current();
        if (options.tcp()) {
            server.tcp = server.listeners.tcp(options.address(), () -> new ChannelHandler[] {new WriteAndClose(hostname)});
        }
        if (options.udp()) {
            server.udp = server.listeners.udp(options.address(), UdpFront.hostname(hostname));
        }
        if (options.http()) {
            Map<String, String> headers = options.close() ? Map.of("Connection", "close") : Map.of();
            Endpoints.Route route = new Endpoints.Route(r -> {
                Log.info("HTTP request from " + r.remoteAddress());
                return new Reply.Answer(200, headers, hostname);
            }, false);
            server.http = server.listeners.http(options.address(), Optional.empty(),
                    new HttpFront.Config(path -> route, Optional.empty(), server.listeners.blocking(), ProcessExit.HALT));
        }
        Log.info("Serving on port " + options.address().getPort() + ".");
        return server;
    }

    /** The bound port of the first listener (they share one port). */
    int port() {
        Channel any = http != null ? http : tcp != null ? tcp : udp;
        return Listeners.port(any);
    }

    @Override
    public void close() {
        listeners.close();
    }

    /** serve-hostname --tcp: the host name, then FIN. */
    private static final class WriteAndClose extends ChannelInboundHandlerAdapter {
        private final String hostname;

        WriteAndClose(String hostname) {
            this.hostname = hostname;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            Log.info("TCP request from " + HostPort.of(ctx.channel().remoteAddress()));
            ctx.writeAndFlush(Unpooled.copiedBuffer(hostname, StandardCharsets.UTF_8)).addListener(ChannelFutureListener.CLOSE);
        }
    }
}
