package dev.podnet.netexec;

import java.io.IOException;
import java.net.ConnectException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;

/**
 * {@code agnhost connect host:port}: one connection attempt whose failure is one stderr line with
 * a fixed prefix the e2e tests match (REFUSED for "rejected when no endpoints", TIMEOUT for a
 * NetworkPolicy drop). TCP prints the bare words; UDP adds the error after a colon, as upstream.
 */
final class Connect {
    /** The exit code and the stderr line ("" on success). */
    record Outcome(int exitCode, String stderr) {
        static final Outcome CONNECTED = new Outcome(0, "");

        static Outcome failed(String line) {
            return new Outcome(1, line);
        }
    }

    static final CommandLine COMMAND_LINE = new CommandLine("connect", "[host:port] [flags]")
            .flag("timeout", CommandLine.Kind.DURATION, "0s", "Maximum time before returning an error (0: the OS's)")
            .flag("protocol", CommandLine.Kind.STRING, "tcp", "The protocol to use to perform the connection, tcp or udp")
            .flag("udp-data", CommandLine.Kind.STRING, "hostname", "The UDP payload send to the server")
            .flag("sctp-data", CommandLine.Kind.STRING, "hostname", "The SCTP payload send to the server (SCTP unsupported)");

    private Connect() {
    }

    static Outcome run(CommandLine.Parsed flags) throws UsageException {
        if (flags.positionals().size() != 1) {
            throw UsageException.of("accepts 1 arg(s), received " + flags.positionals().size());
        }
        String dest = flags.positionals().get(0);
        Duration timeout = flags.duration("timeout");
        String protocol = flags.string("protocol");
        switch (protocol) {
            case "":
            case "tcp":
                return tcp(dest, timeout);
            case "udp":
                return udp(dest, timeout, flags.string("udp-data"));
            case "sctp":
                return Outcome.failed("OTHER: sctp is not supported by podnet's agnhost");
            default:
                return Outcome.failed("Unsupported protocol\n" + protocol);
        }
    }

    static Outcome tcp(String dest, Duration timeout) {
        String[] hostPort;
        try {
            hostPort = split(dest);
        } catch (IllegalArgumentException e) {
            return Outcome.failed("UNKNOWN: " + e.getMessage());
        }
        InetSocketAddress target;
        try {
            target = HostPort.resolve(hostPort[0], hostPort[1], "tcp");
        } catch (IllegalArgumentException e) {
            return Outcome.failed("DNS: " + e.getMessage());
        }
        try (Socket socket = new Socket()) {
            socket.connect(target, (int) Math.min(Integer.MAX_VALUE, Math.max(0, timeout.toMillis())));
            return Outcome.CONNECTED;
        } catch (SocketTimeoutException e) {
            return Outcome.failed("TIMEOUT");
        } catch (ConnectException e) {
            String why = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
            if (why.startsWith("connection refused")) {
                return Outcome.failed("REFUSED");
            }
            if (why.startsWith("connection timed out")) {
                return Outcome.failed("TIMEOUT");
            }
            return Outcome.failed("OTHER: dial tcp " + HostPort.of(target) + ": connect: " + why);
        } catch (IOException e) {
            return Outcome.failed("OTHER: dial tcp " + HostPort.of(target) + ": connect: "
                    + String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT));
        }
    }

    static Outcome udp(String dest, Duration timeout, String data) {
        InetSocketAddress target;
        try {
            String[] hostPort = split(dest);
            target = HostPort.resolve(hostPort[0], hostPort[1], "udp");
        } catch (IllegalArgumentException e) {
            return Outcome.failed("DNS: " + e.getMessage());
        }
        try (DatagramSocket socket = new DatagramSocket()) {
            socket.connect(target);
            String flow = HostPort.of(socket.getLocalSocketAddress()) + "->" + HostPort.of(target);
            socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, Math.max(0, timeout.toMillis())));
            byte[] payload = (data + "\n").getBytes(StandardCharsets.UTF_8);
            DatagramPacket reply = new DatagramPacket(new byte[1024], 1024);
            try {
                socket.send(new DatagramPacket(payload, payload.length));
                socket.receive(reply);
            } catch (SocketTimeoutException e) {
                return Outcome.failed("TIMEOUT: read udp " + flow + ": i/o timeout");
            } catch (PortUnreachableException e) {
                return Outcome.failed("REFUSED: read udp " + flow + ": read: connection refused");
            } catch (IOException e) {
                return Outcome.failed("UNKNOWN: read udp " + flow + ": " + e.getMessage());
            }
            if (reply.getLength() == 0) {
                return Outcome.failed("OTHER: No data received from the server. Cannot guarantee the server received the request.");
            }
            return Outcome.CONNECTED;
        } catch (IOException e) {
            return Outcome.failed("OTHER: dial udp " + dest + ": " + e.getMessage());
        }
    }

    /** Go's net.SplitHostPort: {@code host:port} or {@code [v6]:port}. */
    static String[] split(String dest) {
        if (dest.startsWith("[")) {
            int end = dest.indexOf(']');
            if (end < 0 || end + 1 >= dest.length() || dest.charAt(end + 1) != ':') {
                throw new IllegalArgumentException("address " + dest + ": missing port in address");
            }
            return new String[] {dest.substring(1, end), dest.substring(end + 2)};
        }
        int colon = dest.lastIndexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("address " + dest + ": missing port in address");
        }
        if (dest.substring(0, colon).contains(":")) {
            throw new IllegalArgumentException("address " + dest + ": too many colons in address");
        }
        return new String[] {dest.substring(0, colon), dest.substring(colon + 1)};
    }
}
