package dev.podnet.netexec;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnknownHostException;

/** Go's way of writing a socket address: {@code 10.0.0.1:80}, {@code [fd00::1]:80}. */
final class HostPort {
    private HostPort() {
    }

    static String of(SocketAddress address) {
        InetSocketAddress inet = (InetSocketAddress) address;
        if (inet.getAddress() == null) {
            return join(inet.getHostString(), inet.getPort());
        }
        String host = inet.getAddress().getHostAddress();
        return inet.getAddress() instanceof Inet6Address ? "[" + host + "]:" + inet.getPort() : host + ":" + inet.getPort();
    }

    /** Go's net.JoinHostPort. */
    static String join(String host, int port) {
        return host.contains(":") ? "[" + host + "]:" + port : host + ":" + port;
    }

    /**
     * Go's net.Resolve{TCP,UDP}Addr of a split host and port, worded as Go words its failures;
     * an empty port is port 0.
     */
    static InetSocketAddress resolve(String host, String port, String network) {
        int number;
        try {
            number = port.isEmpty() ? 0 : Integer.parseInt(port);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("lookup " + network + "/" + port + ": unknown port", e);
        }
        if (number < 0 || number > 65535) {
            throw new IllegalArgumentException("address " + port + ": invalid port");
        }
        try {
            return new InetSocketAddress(InetAddress.getByName(host), number);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("lookup " + host + ": no such host", e);
        }
    }
}
