package dev.podnet.agent.proxy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reading {@code nft list table} back: only to find drift and leftovers, never to decide what should be. */
final class NftListing {
  private static final Pattern CHAIN = Pattern.compile("^\\tchain (\\S+) \\{", Pattern.MULTILINE);
  private static final Pattern AFFINITY = Pattern.compile("^\\tset (" + ProxyNames.AFFINITY_PREFIX + "\\S+) \\{", Pattern.MULTILINE);

  private NftListing() {}

  /** The chains and affinity sets in the listing: what a full sync may have to remove. */
  static Set<String> ownedNames(String listing) {
    Set<String> out = new LinkedHashSet<>();
    for (Pattern p : new Pattern[] {CHAIN, AFFINITY}) {
      Matcher m = p.matcher(listing);
      while (m.find()) {
        out.add(unquote(m.group(1)));
      }
    }
    return out;
  }

  /**
   * A hash of the listing without the affinity sets, whose elements come and go (and count down)
   * with traffic; everything else changes only when someone writes.
   */
  static String fingerprint(String listing) {
    StringBuilder kept = new StringBuilder();
    boolean inAffinity = false;
    for (String line : listing.split("\n", -1)) {
      if (line.startsWith("\tset " + ProxyNames.AFFINITY_PREFIX)) {
        inAffinity = true;
      } else if (inAffinity && line.equals("\t}")) {
        inAffinity = false;
      } else if (!inAffinity) {
        kept.append(line).append('\n');
      }
    }
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(kept.toString().getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  private static String unquote(String name) {
    return name.startsWith("\"") && name.endsWith("\"") ? name.substring(1, name.length() - 1) : name;
  }
}
