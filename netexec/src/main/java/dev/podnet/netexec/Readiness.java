package dev.podnet.netexec;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What /healthz and /readyz report. Serving means a UDP listener is up (upstream's serverReady);
 * shutting down starts at SIGTERM and never ends, so endpoints go unready while the pod lives on.
 */
final class Readiness {
    private final AtomicInteger udpListeners = new AtomicInteger();
    private final AtomicBoolean shuttingDown = new AtomicBoolean();

    void udpListenerUp() {
        udpListeners.incrementAndGet();
    }

    void udpListenerDown() {
        udpListeners.decrementAndGet();
    }

    void beginShutdown() {
        shuttingDown.set(true);
    }

    boolean serving() {
        return udpListeners.get() > 0;
    }

    boolean shuttingDown() {
        return shuttingDown.get();
    }
}
