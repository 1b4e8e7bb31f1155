package dev.podnet.cni;

/** What CNI identifies an attachment by: the container and the interface inside it. */
public record Attachment(String containerId, String ifname) {
  @Override
  public String toString() {
    return "container " + containerId + " ifname " + ifname;
  }
}
