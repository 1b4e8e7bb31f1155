package dev.podnet.cni;

import java.util.List;

/** A CNI spec version; podnet speaks {@link #SUPPORTED}. */
public record CniVersion(int major, int minor, int patch) implements Comparable<CniVersion> {
  public static final List<String> SUPPORTED = List.of("0.3.0", "0.3.1", "0.4.0", "1.0.0", "1.1.0");
  public static final CniVersion V1_0_0 = new CniVersion(1, 0, 0);
  public static final CniVersion V1_1_0 = new CniVersion(1, 1, 0);
  public static final CniVersion LATEST = V1_1_0;

  /** Parses a version podnet supports; anything else is error 1. */
  public static CniVersion parseSupported(String text) {
    if (!SUPPORTED.contains(text)) {
      throw new CniException(CniException.INCOMPATIBLE_VERSION, "incompatible CNI versions",
          "config is \"" + text + "\", podnet-cni supports " + SUPPORTED);
    }
    String[] p = text.split("\\.");
    return new CniVersion(Integer.parseInt(p[0]), Integer.parseInt(p[1]), Integer.parseInt(p[2]));
  }

  /** The VERSION reply: needs no agent and no full config, so the plugin executable answers it itself. */
  public static CniResponse reply(String stdin) {
    String v = LATEST.toString();
    if (!stdin.isBlank()) {
      Object given = JsonText.object(stdin, "version request").get("cniVersion");
      v = given instanceof String && !((String) given).isEmpty() ? (String) given : v;
    }
    StringBuilder b = new StringBuilder("{\"cniVersion\":").append(JsonText.quote(v)).append(",\"supportedVersions\":[");
    b.append(String.join(",", SUPPORTED.stream().map(JsonText::quote).toList()));
    return CniResponse.ok(b.append("]}").toString());
  }

  /** The config's cniVersion if podnet speaks it, else the latest: the version to answer errors in. */
  public static String replyVersion(String stdin) {
    try {
      Object v = JsonText.object(stdin, "network config").get("cniVersion");
      // List.of(...).contains(null) throws: a config without cniVersion must still get its error
      return v instanceof String && SUPPORTED.contains(v) ? (String) v : LATEST.toString();
    } catch (CniException e) {
      return LATEST.toString();
    }
  }

  public boolean atLeast(CniVersion other) {
    return compareTo(other) >= 0;
  }

  @Override
  public int compareTo(CniVersion o) {
    int c = Integer.compare(major, o.major);
    if (c == 0) {
      c = Integer.compare(minor, o.minor);
    }
    return c != 0 ? c : Integer.compare(patch, o.patch);
  }

  @Override
  public String toString() {
    return major + "." + minor + "." + patch;
  }
}
