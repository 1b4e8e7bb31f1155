package dev.podnet.bgp;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * A path attribute podnet does not interpret but must pass on: an optional transitive one (sent
 * on with the Partial bit, RFC 4271 5) or ATOMIC_AGGREGATE.
 */
public record RawAttribute(int flags, int type, byte[] value) {

  public RawAttribute {
    value = value.clone();
  }

  @Override
  public byte[] value() {
    return value.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RawAttribute r && r.flags == flags && r.type == type && Arrays.equals(r.value, value);
  }

  @Override
  public int hashCode() {
    return (flags * 31 + type) * 31 + Arrays.hashCode(value);
  }

  @Override
  public String toString() {
    return "attr(" + type + ",flags=0x" + Integer.toHexString(flags) + "," + HexFormat.of().formatHex(value) + ")";
  }
}
