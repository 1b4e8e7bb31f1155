package dev.podnet.kernel;

/**
 * IPv6 Neighbor Discovery (RFC 4861) answered from user space on one link: the twin of
 * {@link Arp}, as MetalLB's speaker answers NDP. A Neighbor Solicitation for an address held is
 * answered with a solicited Neighbor Advertisement carrying this link's MAC; a takeover is
 * announced with an unsolicited one (override flag set, to all nodes), which moves the neighbor
 * entries of hosts that already knew the address. Solicitations from an unspecified source
 * (another host's duplicate address detection) are not answered, as MetalLB does not.
 */
public interface Ndp {

  /** By an AF_PACKET socket on the link that wakes only for Neighbor Solicitations. */
  static Ndp packetSocket() {
    return new PacketSocketNdp();
  }

  /** Starts listening for Neighbor Solicitations on {@code dev} in {@code netns}, answering for nothing yet; IPv4 addresses are ignored. */
  NeighborResponder open(Netns netns, String dev);
}
