package dev.podnet.netexec;

import java.time.LocalDateTime;

/**
 * One line per event on stderr, stamped like Go's log package ({@code 2006/01/02 15:04:05}), so
 * {@code podnet logs} of a pod reads as upstream's would. No logging framework: it would cost
 * start-up time and memory in every container.
 */
final class Log {
    private Log() {
    }

    static void info(String message) {
        LocalDateTime t = LocalDateTime.now();
        System.err.printf("%04d/%02d/%02d %02d:%02d:%02d %s%n", t.getYear(), t.getMonthValue(), t.getDayOfMonth(),
                t.getHour(), t.getMinute(), t.getSecond(), message);
    }
}
