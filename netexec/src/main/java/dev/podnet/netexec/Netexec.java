package dev.podnet.netexec;

import io.netty.channel.Channel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.io.File;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import javax.net.ssl.SSLException;

/**
 * {@code agnhost netexec}: the HTTP server with upstream's endpoints and the UDP command server,
 * on one event loop. Built in order, readable as a list: readiness, endpoints, HTTP, UDP.
 */
final class Netexec implements AutoCloseable {
    /**
     * @param http          where HTTP listens (upstream: every address, --http-port)
     * @param udpAddresses  where UDP listens, empty for none (--udp-port=-1)
     * @param tls           certificate and key files for HTTPS, when given
     */
    record Options(InetSocketAddress http, List<InetSocketAddress> udpAddresses, Duration delayShutdown,
                   Optional<String> httpOverride, Optional<Tls> tls) {}

    record Tls(String certFile, String keyFile) {}

    static final CommandLine COMMAND_LINE = new CommandLine("netexec", "[flags]")
            .flag("http-port", CommandLine.Kind.INT, "8080", "HTTP Listen Port")
            .flag("udp-port", CommandLine.Kind.INT, "8081", "UDP Listen Port; -1 disables it")
            .flag("sctp-port", CommandLine.Kind.INT, "-1", "SCTP Listen Port (not supported: ignored)")
            .flag("udp-listen-addresses", CommandLine.Kind.STRING, "", "A comma separated list of ip addresses the udp servers listen from")
            .flag("tls-cert-file", CommandLine.Kind.STRING, "", "File containing an x509 certificate for HTTPS")
            .flag("tls-private-key-file", CommandLine.Kind.STRING, "", "File containing a PKCS#8 private key matching --tls-cert-file")
            .flag("http-override", CommandLine.Kind.STRING, "", "Answer every request as if it were a GET of this path and query")
            .flag("delay-shutdown", CommandLine.Kind.INT, "0", "Seconds to keep serving after SIGTERM, /readyz answering 503");

    private final Listeners listeners = new Listeners();
    private final Readiness readiness = new Readiness();
    private final Termination termination;
    private final Channel http;
    private final List<Channel> udp = new ArrayList<>();

    private Netexec(Options options, ProcessExit exit) throws InterruptedException, SSLException {
        termination = new Termination(readiness, options.delayShutdown(), exit);
        Endpoints endpoints = new Endpoints(Hostname.current(), readiness, new Dial());
        Optional<SslContext> tls = Optional.empty();
        if (options.tls().isPresent()) {
            Tls files = options.tls().get();
            tls = Optional.of(SslContextBuilder.forServer(new File(files.certFile()), new File(files.keyFile())).build());
        }
        http = listeners.http(options.http(), tls,
                new HttpFront.Config(endpoints::route, options.httpOverride(), listeners.blocking(), exit));
        Log.info("Started HTTP server on port " + Listeners.port(http));
        for (InetSocketAddress address : options.udpAddresses()) {
            Channel channel = listeners.udp(address, UdpFront.netexec(endpoints.hostname()));
            readiness.udpListenerUp();
            channel.closeFuture().addListener(f -> readiness.udpListenerDown());
            udp.add(channel);
            Log.info("Started UDP server on " + HostPort.of(channel.localAddress()));
        }
    }

    static Netexec start(Options options, ProcessExit exit) throws InterruptedException, SSLException {
        return new Netexec(options, exit);
    }

    static Options options(CommandLine.Parsed flags) throws UsageException {
        int udpPort = flags.integer("udp-port");
        List<InetSocketAddress> udp = new ArrayList<>();
        if (udpPort != -1) {
            for (String ip : udpAddresses(flags.string("udp-listen-addresses"))) {
                udp.add(ip.isEmpty() ? new InetSocketAddress(udpPort) : new InetSocketAddress(literal(ip), udpPort));
            }
        }
        if (flags.integer("sctp-port") != -1) {
            Log.info("SCTP is not supported by podnet's agnhost: --sctp-port=" + flags.integer("sctp-port") + " ignored");
        }
        Optional<Tls> tls = Optional.empty();
        if (!flags.string("tls-cert-file").isEmpty()) {
            tls = Optional.of(new Tls(flags.string("tls-cert-file"), flags.string("tls-private-key-file")));
        }
        String override = flags.string("http-override");
        return new Options(new InetSocketAddress(flags.integer("http-port")), udp,
                Duration.ofSeconds(flags.integer("delay-shutdown")),
                override.isEmpty() ? Optional.empty() : Optional.of(override), tls);
    }

    /** "" is every address; duplicates go, as upstream's set does. */
    private static TreeSet<String> udpAddresses(String list) {
        TreeSet<String> addresses = new TreeSet<>();
        if (list.isEmpty()) {
            addresses.add("");
            return addresses;
        }
        for (String ip : list.split(",")) {
            addresses.add(ip.strip());
        }
        return addresses;
    }

    private static InetAddress literal(String ip) throws UsageException {
        if (!ip.matches("[0-9a-fA-F:.%]+") || !(ip.contains(".") || ip.contains(":"))) {
            throw UsageException.of("parseAddress: invalid address " + ip);
        }
        try {
            return InetAddress.getByName(ip);
        } catch (UnknownHostException e) {
            throw UsageException.of("parseAddress: invalid address " + ip);
        }
    }

    int httpPort() {
        return Listeners.port(http);
    }

    /** The first UDP listener's port (tests bind one, on an ephemeral port). */
    int udpPort() {
        return Listeners.port(udp.get(0));
    }

    Readiness readiness() {
        return readiness;
    }

    Termination termination() {
        return termination;
    }

    void awaitClosed() throws InterruptedException {
        listeners.awaitClosed();
    }

    @Override
    public void close() {
        listeners.close();
    }
}
