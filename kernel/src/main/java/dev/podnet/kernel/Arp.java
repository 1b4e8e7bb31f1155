package dev.podnet.kernel;

/**
 * ARP answered from user space on one link, as MetalLB's speaker does it: the addresses are not
 * the host's (the kernel knows nothing of them and stays silent), a process answers who-has for
 * them while it holds them, and tells every host on the link at once when it takes one over
 * (gratuitous ARP). The claim lives exactly as long as the responder: when its process dies, the
 * kernel closes the socket and nobody on this node answers any more. IPv6's twin is {@link Ndp}.
 */
public interface Arp {

  /** By an AF_PACKET socket on the link that wakes only for ARP requests. */
  static Arp packetSocket() {
    return new PacketSocketArp();
  }

  /** Starts listening for ARP on {@code dev} in {@code netns}, answering for nothing yet; IPv6 addresses are ignored. */
  NeighborResponder open(Netns netns, String dev);
}
