package dev.podnet.netexec;

import java.util.function.IntConsumer;
import sun.misc.Signal;

/**
 * SIGTERM and SIGINT as events, not as the JVM's shutdown. A shutdown hook could not keep
 * serving while /readyz says 503, nor tell TERM from INT as pause must; sun.misc.Signal
 * (jdk.unsupported, exported) can. The handler gets the signal number.
 */
final class Signals {
    static final int SIGINT = 2;
    static final int SIGTERM = 15;

    private Signals() {
    }

    static void onTermination(IntConsumer handler) {
        Signal.handle(new Signal("TERM"), s -> handler.accept(SIGTERM));
        Signal.handle(new Signal("INT"), s -> handler.accept(SIGINT));
    }
}
