package dev.podnet.netexec;

import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * Go's Time.String() of time.Now(), which netexec's "/" prints:
 * {@code 2006-01-02 15:04:05.999999999 -0700 MST m=+0.000000001}, the fraction without trailing
 * zeros and {@code m=} the monotonic reading, here seconds since the process started.
 */
final class GoTime {
    private static final long STARTED = System.nanoTime();
    private static final DateTimeFormatter WALL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT);
    private static final DateTimeFormatter OFFSET = DateTimeFormatter.ofPattern("xx zzz", Locale.ROOT);

    private GoTime() {
    }

    static String now() {
        ZonedDateTime t = ZonedDateTime.now();
        StringBuilder out = new StringBuilder(WALL.format(t));
        if (t.getNano() != 0) {
            String fraction = String.format("%09d", t.getNano()).replaceAll("0+$", "");
            out.append('.').append(fraction);
        }
        long mono = System.nanoTime() - STARTED;
        return out.append(' ').append(OFFSET.format(t)).append(String.format(" m=+%d.%09d", mono / 1_000_000_000L, mono % 1_000_000_000L))
                .toString();
    }
}
