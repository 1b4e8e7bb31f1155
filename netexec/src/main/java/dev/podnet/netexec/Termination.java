package dev.podnet.netexec;

import java.time.Duration;

/**
 * netexec's answer to SIGTERM, apart from the signal so tests can deliver it: /readyz turns 503
 * at once; the process exits after --delay-shutdown while still serving meanwhile, or at once
 * (as 128+SIGTERM, what dying of the signal looks like) without the flag.
 */
final class Termination {
    private final Readiness readiness;
    private final Duration delay;
    private final ProcessExit exit;

    Termination(Readiness readiness, Duration delay, ProcessExit exit) {
        this.readiness = readiness;
        this.delay = delay;
        this.exit = exit;
    }

    void onSignal(int signal) {
        readiness.beginShutdown();
        if (delay.isZero()) {
            exit.exit(128 + signal);
            return;
        }
        Log.info("Received signal " + signal + ", shutting down in " + delay.toSeconds() + "s");
        Thread exiter = new Thread(() -> {
            try {
                Thread.sleep(delay.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exit.exit(0);
        }, "netexec-delay-shutdown");
        exiter.setDaemon(true);
        exiter.start();
    }
}
