package dev.podnet.netexec;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;

/**
 * What netexec's UDP server says to one datagram. Upstream trims and lower-cases the whole
 * payload before matching, so {@code "hostName\n"} is a hostname request and {@code echo} returns
 * its message lower-cased; anything else gets no reply at all.
 */
final class UdpCommands {
    /** Upstream's read buffer: a longer datagram is cut here. */
    static final int MAX_DATAGRAM = 2048;

    private UdpCommands() {
    }

    static Optional<String> answer(byte[] payload, String sender, String hostname) {
        String text = new String(payload, StandardCharsets.UTF_8).strip().toLowerCase(Locale.ROOT);
        if (text.equals("hostname")) {
            return Optional.of(hostname);
        }
        if (text.startsWith("echo ")) {
            return Optional.of(text.substring("echo ".length()));
        }
        if (text.equals("clientip")) {
            return Optional.of(sender);
        }
        if (!text.isEmpty()) {
            Log.info("Unknown UDP command received from " + sender + ": " + text);
        }
        return Optional.empty();
    }
}
