package dev.podnet.kernel.bpf;

import java.util.Arrays;
import java.util.HexFormat;

/** A map key or value as the kernel holds it: compared and hashed by content, shown as bpftool's hex. */
public record Bytes(byte[] bytes) {
  public Bytes {
    bytes = bytes.clone();
  }

  public static Bytes of(byte[] b) {
    return new Bytes(b);
  }

  public int length() {
    return bytes.length;
  }

  @Override
  public byte[] bytes() {
    return bytes.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Bytes b && Arrays.equals(bytes, b.bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  /** {@code 0a 60 00 32}: what {@code bpftool map update ... key hex} takes. */
  @Override
  public String toString() {
    return HexFormat.ofDelimiter(" ").formatHex(bytes);
  }
}
