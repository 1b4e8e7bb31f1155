package dev.podnet.cni;

import dev.podnet.kernel.MacAddress;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/** Names and addresses the CNI handler makes, as {@code ip link} shows them. */
public final class CniNames {
  /** The node's pod bridge; its address is the pods' gateway. */
  public static final String BRIDGE = "cni0";
  /**
   * Host end of a pod's veth: "veth" + 11 hex digits of a hash of (containerId, ifname). Derived,
   * not random, so DEL and GC find it without any state.
   */
  public static final Pattern HOST_VETH = Pattern.compile("veth[0-9a-f]{11}");

  private CniNames() {}

  public static String hostVeth(Attachment a) {
    return "veth" + HexFormat.of().formatHex(digest(a)).substring(0, 11);
  }

  /** Host veth MAC: from the same hash, locally administered, so ADD need not read it back. */
  static MacAddress hostVethMac(Attachment a) {
    byte[] d = digest(a);
    return MacAddress.local(new byte[] {d[8], d[9], d[10], d[11], d[12], d[13]});
  }

  /**
   * Pod and bridge MAC: 0a:58 + the IPv4 address (the kubenet/OVN convention), unique wherever
   * the address is, and readable in {@code ip neigh}.
   */
  static MacAddress macFor(InetAddress ip) {
    byte[] a = ip.getAddress();
    int n = a.length;
    return new MacAddress(HexFormat.ofDelimiter(":").formatHex(new byte[] {0x0a, 0x58, a[n - 4], a[n - 3], a[n - 2], a[n - 1]}));
  }

  private static byte[] digest(Attachment a) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      return md.digest((a.containerId() + "\0" + a.ifname()).getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }
}
