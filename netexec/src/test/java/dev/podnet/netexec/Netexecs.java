package dev.podnet.netexec;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/** netexec instances for tests: loopback, ephemeral ports, exits recorded instead of performed. */
final class Netexecs {
    static final InetSocketAddress ANY_LOOPBACK_PORT = new InetSocketAddress(Wire.LOOPBACK, 0);

    private Netexecs() {
    }

    static Netexec start(List<Integer> exits, Duration delayShutdown, Optional<String> override, boolean udp)
            throws Exception {
        return Netexec.start(new Netexec.Options(ANY_LOOPBACK_PORT, udp ? List.of(ANY_LOOPBACK_PORT) : List.of(),
                delayShutdown, override, Optional.empty()), exits::add);
    }

    static Netexec start(List<Integer> exits) throws Exception {
        return start(exits, Duration.ZERO, Optional.empty(), true);
    }

    static List<Integer> exits() {
        return new CopyOnWriteArrayList<>();
    }
}
