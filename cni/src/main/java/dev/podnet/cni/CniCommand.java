package dev.podnet.cni;

import java.util.Arrays;
import java.util.Locale;

/** The value of {@code CNI_COMMAND}. */
public enum CniCommand {
  ADD, DEL, CHECK, GC, STATUS, VERSION;

  static CniCommand parse(String value) {
    try {
      return valueOf(value.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new CniException(CniException.INVALID_ENVIRONMENT, "unknown CNI_COMMAND '" + value + "'",
          "expected one of " + Arrays.toString(values()));
    }
  }

  /** GC and STATUS exist from spec 1.1.0 on. */
  boolean needsVersion110() {
    return this == GC || this == STATUS;
  }
}
