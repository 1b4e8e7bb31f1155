package dev.podnet.bgp;

import java.util.Arrays;
import java.util.Comparator;
import java.util.OptionalLong;

/**
 * The decision process (RFC 4271 9.1.2.2) for what podnet needs, best first: higher LOCAL_PREF,
 * this speaker's own paths, shorter AS_PATH, lower ORIGIN, lower MED between paths from the same
 * neighbouring AS, eBGP over iBGP, lower router id, lower peer address.
 */
final class Decision {
  private Decision() {}

  static final Comparator<Path> BEST_FIRST = Comparator
      .comparingLong((Path p) -> -p.attributes().effectiveLocalPref())
      .thenComparing(p -> !p.source().local())
      .thenComparingInt(p -> p.attributes().asPath().length())
      .thenComparingInt(p -> p.attributes().origin().code())
      .thenComparing(Decision::compareMed)
      .thenComparing(p -> !p.source().external())
      .thenComparing(p -> p.source().routerId().getAddress(), Arrays::compareUnsigned)
      .thenComparing(p -> p.source().peer().map(a -> a.getAddress()).orElse(new byte[0]), Arrays::compareUnsigned);

  /**
   * MED only ranks paths from the same neighbouring AS; comparator contracts need a total
   * order, so paths from different ASes tie here and fall through to the later steps.
   */
  private static int compareMed(Path a, Path b) {
    OptionalLong asA = a.attributes().asPath().firstAs();
    OptionalLong asB = b.attributes().asPath().firstAs();
    if (asA.isEmpty() || asB.isEmpty() || asA.getAsLong() != asB.getAsLong()) {
      return 0;
    }
    return Long.compare(a.attributes().med().orElse(0), b.attributes().med().orElse(0));
  }
}
