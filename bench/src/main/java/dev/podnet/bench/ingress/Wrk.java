package dev.podnet.bench.ingress;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * wrk's command lines and what its --latency output says. Debian's wrk is 4.x, which has no
 * fixed-rate mode (wrk2's -R): a paced run waits {@code delayMs} before each request on each
 * connection (a Lua {@code delay()}), so the offered rate is about connections × 1000 / delay;
 * the achieved rate is what is reported.
 */
final class Wrk {
  private static final Pattern RATE = Pattern.compile("Requests/sec:\\s+([0-9.]+)");
  private static final Pattern PERCENTILE = Pattern.compile("^\\s+(50|99)(?:\\.000)?%\\s+([0-9.]+)(us|ms|s)\\s*$", Pattern.MULTILINE);
  private static final Pattern MAX = Pattern.compile("Latency\\s+\\S+\\s+\\S+\\s+([0-9.]+)(us|ms|s)");
  private static final Pattern ERRORS = Pattern.compile("Non-2xx or 3xx responses: (\\d+)|Socket errors: connect (\\d+), read (\\d+), write (\\d+), timeout (\\d+)");

  private Wrk() {}

  record Run(double rate, double p50Ms, double p99Ms, double maxMs, long errors) {}

  static List<String> peak(String url, String host, int connections, int seconds) {
    return new ArrayList<>(List.of("wrk", "-t", "2", "-c", String.valueOf(connections), "-d", seconds + "s", "--latency", "-H", "Host: " + host, url));
  }

  /** {@code script}: a file holding {@code function delay() return N end}. */
  static List<String> paced(String url, String host, int connections, int seconds, String script) {
    List<String> argv = peak(url, host, connections, seconds);
    argv.addAll(argv.size() - 1, List.of("-s", script));
    return argv;
  }

  static Run parse(String out) {
    Matcher rate = RATE.matcher(out);
    if (!rate.find()) {
      throw new IllegalStateException("wrk printed no rate:\n" + out);
    }
    double p50 = Double.NaN;
    double p99 = Double.NaN;
    Matcher p = PERCENTILE.matcher(out);
    while (p.find()) {
      double ms = ms(p.group(2), p.group(3));
      if (p.group(1).equals("50")) {
        p50 = ms;
      } else {
        p99 = ms;
      }
    }
    Matcher max = MAX.matcher(out);
    double maxMs = max.find() ? ms(max.group(1), max.group(2)) : Double.NaN;
    long errors = 0;
    Matcher e = ERRORS.matcher(out);
    while (e.find()) {
      for (int g = 1; g <= e.groupCount(); g++) {
        errors += e.group(g) == null ? 0 : Long.parseLong(e.group(g));
      }
    }
    return new Run(Double.parseDouble(rate.group(1)), p50, p99, maxMs, errors);
  }

  private static double ms(String value, String unit) {
    double v = Double.parseDouble(value);
    return switch (unit.toLowerCase(Locale.ROOT)) {
      case "us" -> v / 1000;
      case "s" -> v * 1000;
      default -> v;
    };
  }
}
