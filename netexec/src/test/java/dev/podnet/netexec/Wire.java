package dev.podnet.netexec;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** Raw clients for the tests: exact bytes on the wire, no client library smoothing them over. */
final class Wire {
    static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    /** A parsed HTTP/1.1 response; header names lower-cased. */
    record Response(int status, Map<String, String> headers, String body) {}

    private Wire() {
    }

    static Response get(int port, String target) throws IOException {
        return send(port, "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Probe: one\r\nConnection: close\r\n\r\n");
    }

    static Response send(int port, String request) throws IOException {
        try (Socket socket = new Socket(LOOPBACK, port)) {
            socket.setSoTimeout(15_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.UTF_8));
            return parse(readAll(socket.getInputStream()));
        }
    }

    static String readAll(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        in.transferTo(out);
        return out.toString(StandardCharsets.UTF_8);
    }

    static Response parse(String raw) {
        if (raw.isEmpty()) {
            return new Response(0, Map.of(), "");
        }
        int end = raw.indexOf("\r\n\r\n");
        String[] lines = raw.substring(0, end).split("\r\n");
        Map<String, String> headers = new TreeMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.put(lines[i].substring(0, colon).toLowerCase(), lines[i].substring(colon + 1).strip());
        }
        return new Response(Integer.parseInt(lines[0].split(" ")[1]), headers, raw.substring(end + 4));
    }

    /** One datagram out, the reply back (empty after 1 s of silence). */
    static Optional<String> udp(int port, byte[] payload) throws IOException {
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0))) {
            socket.setSoTimeout(1_000);
            socket.send(new DatagramPacket(payload, payload.length, new InetSocketAddress(LOOPBACK, port)));
            DatagramPacket reply = new DatagramPacket(new byte[65536], 65536);
            try {
                socket.receive(reply);
                return Optional.of(new String(reply.getData(), 0, reply.getLength(), StandardCharsets.UTF_8));
            } catch (SocketTimeoutException e) {
                return Optional.empty();
            }
        }
    }

    static Optional<String> udp(int port, String payload) throws IOException {
        return udp(port, payload.getBytes(StandardCharsets.UTF_8));
    }
}
