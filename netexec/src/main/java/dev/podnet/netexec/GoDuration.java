package dev.podnet.netexec;

import java.time.Duration;

/** Go's time.ParseDuration: "5s", "1m30s", "250ms", "1.5h", "0"; units ns, us, µs, ms, s, m, h. */
final class GoDuration {
    private GoDuration() {
    }

    static Duration parse(String text) {
        String s = text;
        boolean negative = false;
        if (s.startsWith("-") || s.startsWith("+")) {
            negative = s.charAt(0) == '-';
            s = s.substring(1);
        }
        if (s.equals("0")) {
            return Duration.ZERO;
        }
        if (s.isEmpty()) {
            throw new IllegalArgumentException("time: invalid duration \"" + text + "\"");
        }
        double nanos = 0;
        int i = 0;
        while (i < s.length()) {
            int start = i;
            while (i < s.length() && (Character.isDigit(s.charAt(i)) || s.charAt(i) == '.')) {
                i++;
            }
            int unitStart = i;
            while (i < s.length() && !Character.isDigit(s.charAt(i)) && s.charAt(i) != '.') {
                i++;
            }
            if (start == unitStart) {
                throw new IllegalArgumentException("time: invalid duration \"" + text + "\"");
            }
            if (unitStart == i) {
                throw new IllegalArgumentException("time: missing unit in duration \"" + text + "\"");
            }
            nanos += Double.parseDouble(s.substring(start, unitStart)) * unitNanos(s.substring(unitStart, i), text);
        }
        long total = Math.round(nanos);
        return Duration.ofNanos(negative ? -total : total);
    }

    private static double unitNanos(String unit, String text) {
        switch (unit) {
            case "ns": return 1;
            case "us": case "µs": case "μs": return 1e3;
            case "ms": return 1e6;
            case "s": return 1e9;
            case "m": return 60e9;
            case "h": return 3600e9;
            default:
                throw new IllegalArgumentException("time: unknown unit \"" + unit + "\" in duration \"" + text + "\"");
        }
    }
}
