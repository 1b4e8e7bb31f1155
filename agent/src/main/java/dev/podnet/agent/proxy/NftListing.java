package dev.podnet.agent.proxy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reading {@code nft list table} back: only to find drift and leftovers, never to decide what should be. */
final class NftListing {
  private static final Pattern CHAIN = Pattern.compile("^\\tchain (\\S+) \\{", Pattern.MULTILINE);
  private static final Pattern AFFINITY = Pattern.compile("^\\tset (" + ProxyNames.AFFINITY_PREFIX + "\\S+) \\{", Pattern.MULTILINE);

  private NftListing() {}

  private static final Pattern STATE_ELEMENT = Pattern.compile("elements = \\{ 0 comment \"([^\"]*)\" \\}");

  /**
   * The chains and affinity sets of our table in a listing ({@code nft list table}, or the terse
   * {@code list chains} and {@code list sets} of the family, which may hold other tables too).
   */
  static Set<String> ownedNames(String listing, String family) {
    String ours = tableBlock(listing, family);
    Set<String> out = new LinkedHashSet<>();
    for (Pattern p : new Pattern[] {CHAIN, AFFINITY}) {
      Matcher m = p.matcher(ours);
      while (m.find()) {
        out.add(unquote(m.group(1)));
      }
    }
    return out;
  }

  /** The fingerprint in {@code nft list set FAMILY podnet state}, if it has one. */
  static Optional<String> state(String setListing) {
    Matcher m = STATE_ELEMENT.matcher(setListing);
    return m.find() ? Optional.of(m.group(1)) : Optional.empty();
  }

  private static String tableBlock(String listing, String family) {
    String head = "table " + family + " " + ProxyNames.TABLE + " {\n";
    StringBuilder ours = new StringBuilder();
    int at = listing.indexOf(head);
    while (at >= 0) {
      int end = listing.indexOf("\n}", at);
      ours.append(listing, at, end < 0 ? listing.length() : end).append('\n');
      at = end < 0 ? -1 : listing.indexOf(head, end);
    }
    return ours.toString();
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
