package dev.podnet.bgp;

/** Path attribute type codes and flag bits (RFC 4271 4.3, 1997, 4760, 6793). */
final class Attr {
  static final int ORIGIN = 1;
  static final int AS_PATH = 2;
  static final int NEXT_HOP = 3;
  static final int MED = 4;
  static final int LOCAL_PREF = 5;
  static final int ATOMIC_AGGREGATE = 6;
  static final int AGGREGATOR = 7;
  static final int COMMUNITIES = 8;
  static final int ORIGINATOR_ID = 9;
  static final int CLUSTER_LIST = 10;
  static final int MP_REACH = 14;
  static final int MP_UNREACH = 15;
  static final int AS4_PATH = 17;
  static final int AS4_AGGREGATOR = 18;

  static final int OPTIONAL = 0x80;
  static final int TRANSITIVE = 0x40;
  static final int PARTIAL = 0x20;
  static final int EXTENDED = 0x10;

  private Attr() {}

  /** The Optional and Transitive bits the RFCs fix for a known attribute, or -1 if unknown. */
  static int expectedFlags(int type) {
    return switch (type) {
      case ORIGIN, AS_PATH, NEXT_HOP, LOCAL_PREF, ATOMIC_AGGREGATE -> TRANSITIVE;
      case MED, MP_REACH, MP_UNREACH, ORIGINATOR_ID, CLUSTER_LIST -> OPTIONAL;
      case AGGREGATOR, COMMUNITIES, AS4_PATH, AS4_AGGREGATOR -> OPTIONAL | TRANSITIVE;
      default -> -1;
    };
  }
}
