package dev.podnet.api.metallb;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A duration as MetalLB's CRDs write them (Go's {@code time.ParseDuration}: {@code 90s},
 * {@code 1m30s}, {@code 500ms}, {@code 1.5h}), so BGPPeer timers in users' manifests apply unchanged.
 */
public final class GoDuration {
  private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(h|ms|m|s)");

  private GoDuration() {}

  /** Parses {@code text}; throws with what a valid value looks like. */
  public static Duration parse(String text) {
    if (text == null || text.isEmpty()) {
      throw new IllegalArgumentException("duration is empty: write e.g. 90s or 1m30s");
    }
    Matcher m = PART.matcher(text);
    int at = 0;
    double nanos = 0;
    while (at < text.length() && m.find(at) && m.start() == at) {
      double n = Double.parseDouble(m.group(1));
      nanos += n * switch (m.group(2)) {
        case "h" -> 3600e9;
        case "m" -> 60e9;
        case "s" -> 1e9;
        default -> 1e6;
      };
      at = m.end();
    }
    if (at != text.length()) {
      throw new IllegalArgumentException("duration '" + text + "' is not a Go duration: write e.g. 90s, 1m30s or 500ms");
    }
    return Duration.ofNanos((long) nanos);
  }
}
