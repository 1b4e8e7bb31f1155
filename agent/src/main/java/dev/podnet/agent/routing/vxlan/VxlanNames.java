package dev.podnet.agent.routing.vxlan;

/** Names the kernel shows for the vxlan backend. */
public final class VxlanNames {
  private VxlanNames() {}

  /** The VXLAN device, {@code podnet.<VNI>} like flannel's {@code flannel.1}. */
  public static String device(int vni) {
    return "podnet." + vni;
  }
}
