package dev.podnet.kernel;

import java.util.HexFormat;
import java.util.Locale;

/** A 48-bit Ethernet address in the kernel's lower-case colon form. */
public record MacAddress(String value) {
  public MacAddress {
    value = value.toLowerCase(Locale.ROOT);
    if (!value.matches("([0-9a-f]{2}:){5}[0-9a-f]{2}")) {
      throw new IllegalArgumentException("not a MAC address: '" + value + "'");
    }
  }

  /** A locally administered unicast address built from 6 bytes (first byte forced to x2/x6/xA/xE). */
  public static MacAddress local(byte[] six) {
    byte[] b = six.clone();
    b[0] = (byte) ((b[0] & 0xfc) | 0x02);
    return new MacAddress(HexFormat.ofDelimiter(":").formatHex(b, 0, 6));
  }

  @Override
  public String toString() {
    return value;
  }
}
