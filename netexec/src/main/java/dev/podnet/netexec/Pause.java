package dev.podnet.netexec;

import java.io.PrintStream;

/**
 * {@code agnhost pause}: idle until a signal. Upstream exits 1 after SIGINT and 2 after SIGTERM
 * (not 0), sleeping --delay-shutdown seconds first.
 */
final class Pause {
    static final CommandLine COMMAND_LINE = new CommandLine("pause", "[flags]")
            .flag("delay-shutdown", CommandLine.Kind.INT, "0", "Number of seconds to delay shutdown when receiving SIGTERM/SIGINT.");

    private Pause() {
    }

    /** What to print and the exit code for {@code signal}; sleeps the delay first. */
    static int onSignal(int signal, int delaySeconds, PrintStream out) {
        int result = signal == Signals.SIGINT ? 1 : 2;
        if (delaySeconds > 0) {
            out.printf("Sleeping %d seconds before exit ...", delaySeconds);
            out.flush();
            try {
                Thread.sleep(delaySeconds * 1000L);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        out.printf("exiting %d%n", result);
        out.flush();
        return result;
    }
}
