package dev.podnet.bgp;

/** A standard community (RFC 1997), shown as {@code ASN:VALUE}. */
public record Community(int value) {

  public static Community of(int asn, int local) {
    if (asn < 0 || asn > 0xffff || local < 0 || local > 0xffff) {
      throw new IllegalArgumentException("community " + asn + ":" + local + " out of range: both halves are 0..65535");
    }
    return new Community(asn << 16 | local);
  }

  /** Parses {@code 64500:100}. */
  public static Community parse(String text) {
    String[] p = text.split(":");
    if (p.length != 2) {
      throw new IllegalArgumentException("community '" + text + "' is not ASN:VALUE (e.g. 64500:100)");
    }
    try {
      return of(Integer.parseInt(p[0]), Integer.parseInt(p[1]));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("community '" + text + "' is not ASN:VALUE (e.g. 64500:100)", e);
    }
  }

  @Override
  public String toString() {
    return (value >>> 16) + ":" + (value & 0xffff);
  }
}
