package dev.podnet.dns;

/** Record type numbers as CoreDNS labels them; types it does not name are "other". */
final class TypeNames {
  private static final int[] INDEXED = {Rdata.A, Rdata.AAAA, Rdata.NS, Rdata.CNAME, Rdata.SOA, Rdata.PTR, Rdata.TXT, Rdata.SRV,
      15, 65, Rdata.ANY};

  private TypeNames() {}

  /** A small index for a metric key: the position among the named types, or the last slot for "other". */
  static int index(int qtype) {
    for (int i = 0; i < INDEXED.length; i++) {
      if (INDEXED[i] == qtype) {
        return i;
      }
    }
    return INDEXED.length;
  }

  static String name(int index) {
    return index < INDEXED.length ? of(INDEXED[index]) : "other";
  }

  static String of(int qtype) {
    return switch (qtype) {
      case Rdata.A -> "A";
      case Rdata.AAAA -> "AAAA";
      case Rdata.NS -> "NS";
      case Rdata.CNAME -> "CNAME";
      case Rdata.SOA -> "SOA";
      case Rdata.PTR -> "PTR";
      case Rdata.TXT -> "TXT";
      case Rdata.SRV -> "SRV";
      case 15 -> "MX";
      case 65 -> "HTTPS";
      case Rdata.ANY -> "ANY";
      default -> "other";
    };
  }
}

/** Response codes by their mnemonic, as CoreDNS labels them. */
final class RcodeNames {
  private RcodeNames() {}

  static String of(int rcode) {
    return switch (rcode) {
      case 0 -> "NOERROR";
      case 1 -> "FORMERR";
      case 2 -> "SERVFAIL";
      case 3 -> "NXDOMAIN";
      case 4 -> "NOTIMP";
      case 5 -> "REFUSED";
      default -> "RCODE" + rcode;
    };
  }
}
