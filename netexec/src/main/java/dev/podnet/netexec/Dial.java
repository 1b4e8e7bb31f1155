package dev.podnet.netexec;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.PortUnreachableException;
import java.net.SocketTimeoutException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * /dial?host=&port=&request=&protocol=http|udp&tries=: netexec as a client, the probe the e2e
 * tests run from inside a pod. Each try is one HTTP GET or one UDP request/response; the answer
 * is upstream's JSON, errors worded as Go's net and net/http word them so test logs read alike.
 */
final class Dial {
    static final int TIMEOUT_MILLIS = 5_000;
    private static final int UDP_BUFFER = 2048;

    /** One try against a resolved address: the response text, or an exception whose message is the error. */
    interface Attempt {
        String once(String request, InetSocketAddress target) throws DialException;
    }

    static final class DialException extends Exception {
        DialException(String message) {
            super(message);
        }
    }

    Reply answer(Request r) {
        String host = r.queryValue("host");
        String port = r.queryValue("port");
        String request = r.queryValue("request");
        String protocol = r.queryValue("protocol");
        String triesText = r.queryValue("tries");
        Log.info("GET /dial?host=" + host + "&protocol=" + protocol + "&port=" + port + "&request=" + request
                + "&tries=" + triesText);
        int tries = 1;
        if (!triesText.isEmpty()) {
            try {
                tries = Integer.parseInt(triesText);
            } catch (NumberFormatException e) {
                return Reply.Answer.error(400, "tries parameter is invalid. strconv.Atoi: parsing "
                        + Endpoints.goQuote(triesText) + ": invalid syntax");
            }
        }
        if (request.isEmpty()) {
            return Reply.Answer.error(400, "request parameter not specified. <nil>");
        }
        Attempt attempt;
        String lower = protocol.toLowerCase(Locale.ROOT);
        if (lower.isEmpty() || lower.equals("http")) {
            attempt = Dial::http;
        } else if (lower.equals("udp")) {
            attempt = Dial::udp;
        } else {
            return Reply.Answer.error(400, "unsupported protocol. " + protocol);
        }
        InetSocketAddress target;
        try {
            target = HostPort.resolve(host, port, lower.equals("udp") ? "udp" : "tcp");
        } catch (IllegalArgumentException e) {
            return Reply.Answer.error(400, "host and/or port param are invalid. " + e.getMessage());
        }
        return Reply.Answer.ok(tryAll(attempt, request, target, tries));
    }

    /** Upstream's quirk kept: "responses" appears only when the last try produced a non-empty response. */
    static String tryAll(Attempt attempt, String request, InetSocketAddress target, int tries) {
        List<String> responses = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        String last = "";
        for (int i = 0; i < tries; i++) {
            try {
                last = attempt.once(request, target);
                responses.add(last);
            } catch (DialException e) {
                last = "";
                errors.add(e.getMessage());
            }
        }
        Map<String, List<String>> output = new LinkedHashMap<>();
        if (!last.isEmpty()) {
            output.put("responses", responses);
        }
        if (!errors.isEmpty()) {
            output.put("errors", errors);
        }
        return Json.lists(output);
    }

    static String http(String request, InetSocketAddress target) throws DialException {
        String url = "http://" + HostPort.of(target) + "/" + request.replace(" ", "%20");
        HttpURLConnection connection = null;
        try {
            connection = (HttpURLConnection) new URL(url).openConnection();
            connection.setConnectTimeout(TIMEOUT_MILLIS);
            connection.setReadTimeout(TIMEOUT_MILLIS);
            connection.setRequestProperty("User-Agent", "Go-http-client/1.1");
            int status = connection.getResponseCode();
            InputStream body = status >= 400 ? connection.getErrorStream() : connection.getInputStream();
            return body == null ? "" : new String(body.readAllBytes(), StandardCharsets.UTF_8);
        } catch (ConnectException e) {
            throw new DialException("Get \"" + url + "\": dial tcp " + HostPort.of(target) + ": connect: connection refused");
        } catch (NoRouteToHostException e) {
            throw new DialException("Get \"" + url + "\": dial tcp " + HostPort.of(target) + ": connect: no route to host");
        } catch (SocketTimeoutException e) {
            throw new DialException("Get \"" + url + "\": context deadline exceeded (Client.Timeout exceeded while awaiting headers)");
        } catch (IOException e) {
            throw new DialException("Get \"" + url + "\": " + e.getMessage());
        } finally {
            if (connection != null) {
                connection.disconnect();
            }
        }
    }

    static String udp(String request, InetSocketAddress target) throws DialException {
        try (DatagramSocket socket = new DatagramSocket()) {
            socket.connect(target);
            byte[] payload = request.getBytes(StandardCharsets.UTF_8);
            try {
                socket.send(new DatagramPacket(payload, payload.length));
            } catch (IOException e) {
                throw new DialException("udp connection write failed. err:write udp " + flow(socket) + ": " + e.getMessage());
            }
            DatagramPacket reply = new DatagramPacket(new byte[UDP_BUFFER], UDP_BUFFER);
            socket.setSoTimeout(TIMEOUT_MILLIS);
            try {
                socket.receive(reply);
            } catch (SocketTimeoutException e) {
                throw new DialException("reading from udp connection failed. err:'read udp " + flow(socket) + ": i/o timeout'");
            } catch (PortUnreachableException e) {
                throw new DialException("reading from udp connection failed. err:'read udp " + flow(socket) + ": read: connection refused'");
            }
            if (reply.getLength() == 0) {
                throw new DialException("reading from udp connection failed. err:'<nil>'");
            }
            return new String(reply.getData(), 0, reply.getLength(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new DialException("udp dial failed. err:dial udp " + HostPort.of(target) + ": " + e.getMessage());
        }
    }

    private static String flow(DatagramSocket socket) {
        return HostPort.of(socket.getLocalSocketAddress()) + "->" + HostPort.of(socket.getRemoteSocketAddress());
    }
}
