package dev.podnet.bgp;

/**
 * What the OPEN exchange decided about the bytes of later messages: whether AS numbers in
 * AS_PATH are four octets (both sides advertised RFC 6793's capability).
 */
record WireOptions(boolean fourOctetAs) {
  static final WireOptions BEFORE_OPEN = new WireOptions(false);
  static final WireOptions FOUR_OCTET = new WireOptions(true);
}
