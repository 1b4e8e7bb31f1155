package dev.podnet.bench.lb;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Request-to-reply gaps from {@code tcpdump -n -tt --time-stamp-precision=nano} lines of ARP and
 * NDP: each who-has (ARP request, Neighbor Solicitation) is paired with the first answer for the
 * same address after it (ARP reply, Neighbor Advertisement); a request left unanswered before the
 * next one for that address counts as no sample.
 */
final class WireGaps {
  private static final Pattern REQUEST = Pattern.compile("^(\\d+\\.\\d+) .*(?:Request who-has|neighbor solicitation, who has) (\\S+?),? ");
  private static final Pattern REPLY = Pattern.compile("^(\\d+\\.\\d+) .*(?:Reply (\\S+) is-at|neighbor advertisement, tgt is (\\S+?),)");

  private WireGaps() {}

  /** Microseconds from each answered request to its reply, by address asked for (every address in {@code ips} has a list). */
  static Map<String, List<Long>> of(List<String> lines, List<String> ips) {
    Map<String, List<Long>> out = new LinkedHashMap<>();
    ips.forEach(ip -> out.put(ip, new ArrayList<>()));
    Map<String, BigDecimal> asked = new HashMap<>();
    for (String line : lines) {
      Matcher q = REQUEST.matcher(line);
      if (q.find()) {
        asked.put(q.group(2), new BigDecimal(q.group(1)));
        continue;
      }
      Matcher a = REPLY.matcher(line);
      if (a.find()) {
        String ip = a.group(2) != null ? a.group(2) : a.group(3);
        BigDecimal at = asked.remove(ip);
        if (at != null && out.containsKey(ip)) {
          out.get(ip).add(new BigDecimal(a.group(1)).subtract(at).movePointRight(6).longValue());
        }
      }
    }
    return out;
  }
}
