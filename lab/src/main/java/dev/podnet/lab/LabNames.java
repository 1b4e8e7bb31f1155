package dev.podnet.lab;

import dev.podnet.kernel.LinkNames;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Names the lab gives to what the kernel shows. */
public final class LabNames {
  /** The bridge in the LAN namespace: the "physical" switch between nodes. */
  public static final String LAN_BRIDGE = "lan0";
  /** A node's link to the LAN, as on a real machine. */
  public static final String UPLINK = "eth0";
  /** The LAN-side end of the control plane's uplink. */
  public static final String CONTROL_PLANE_PORT = "lan-cp";
  /** The LAN-side end of the outside client's uplink. */
  public static final String OUTSIDE_PORT = "lan-outside";
  /** The LAN-side end of the edge router's uplink. */
  public static final String EDGE_PORT = "lan-edge";
  /** A pod's interface. */
  public static final String POD_IFNAME = "eth0";

  private final String prefix;

  public LabNames(String prefix) {
    this.prefix = prefix;
  }

  public String prefix() {
    return prefix;
  }

  /** The namespace that holds the node LAN. */
  public String lan() {
    return prefix + "lan";
  }

  /** The control plane's network namespace on the LAN, where the API listens on :6443. */
  public String controlPlane() {
    return prefix + "control-plane";
  }

  /** The outside client's namespace: on the LAN, not in the cluster ({@code podnet exec --outside}). */
  public String outside() {
    return prefix + "outside";
  }

  /** The edge router's namespace: BIRD between the node LAN and the routed segment. */
  public String edge() {
    return prefix + "edge";
  }

  /** The routed client's namespace: behind the edge router ({@code podnet exec --outside-routed}). */
  public String outsideRouted() {
    return prefix + "outside-routed";
  }

  /** A node's network (and UTS) namespace. */
  public String node(String nodeName) {
    return prefix + nodeName;
  }

  /** The LAN-side end of node {@code index}'s uplink, e.g. {@code lan-node-1}. */
  public static String lanPort(String nodeName) {
    String n = "lan-" + nodeName;
    return n.length() <= LinkNames.MAX ? n : "lan-" + hash(nodeName, 5);
  }

  /** A pod sandbox's namespaces: readable when short, hashed when the pod name is long. */
  public String pod(String namespace, String podName) {
    String n = prefix + namespace + "." + podName;
    return n.length() <= 64 ? n : prefix + "pod-" + hash(namespace + "/" + podName, 10);
  }

  static String hash(String s, int bytes) {
    try {
      byte[] h = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(h, 0, bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
