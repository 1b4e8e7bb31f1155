package dev.podnet.kernel;

import java.net.Inet6Address;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;

/**
 * A Neighbor Solicitation or Advertisement (RFC 4861 section 4.3, 4.4) in its IPv6 packet and
 * Ethernet II frame, as an AF_PACKET raw socket reads and writes it: 14 bytes of Ethernet, 40 of
 * IPv6 without extension headers, 24 of ICMPv6 and the link-layer address option (source for a
 * solicitation, target for an advertisement). {@link #parse} keeps only what RFC 4861's
 * validation (7.1.1, 7.1.2) lets a node act on: hop limit 255, code 0, a correct checksum, a
 * unicast target, options of non-zero length, and for a solicitation from the unspecified
 * address a solicited-node destination and no source link-layer option.
 *
 * <p>{@code override} and {@code solicited} are an advertisement's flags (false in a
 * solicitation); the router flag is neither read nor sent (these answers are never a router's).
 */
public record NdpPacket(Type type, Header header, Inet6Address target, Optional<MacAddress> linkLayer, boolean solicited, boolean override) {
  public static final int ETHERTYPE_IPV6 = 0x86dd;
  static final int NEXT_HEADER_ICMPV6 = 58;
  private static final int HOP_LIMIT = 255;
  private static final int IP_AT = 14;
  private static final int ICMP_AT = IP_AT + 40;
  private static final int ICMP_LENGTH = 24;
  private static final int OPTION_SOURCE_LINK_LAYER = 1;
  private static final int OPTION_TARGET_LINK_LAYER = 2;
  private static final int FLAG_SOLICITED = 0x40;
  private static final int FLAG_OVERRIDE = 0x20;
  /** ff02::1, and its Ethernet group 33:33:00:00:00:01: every node on the link. */
  public static final Inet6Address ALL_NODES = v6(HexFormat.of().parseHex("ff020000000000000000000000000001"));
  private static final Inet6Address UNSPECIFIED = v6(new byte[16]);

  public enum Type {
    SOLICITATION(135), ADVERTISEMENT(136);

    final int code;

    Type(int code) {
      this.code = code;
    }
  }

  /** The frame's two Ethernet and two IPv6 addresses: who sent it and to whom. */
  public record Header(MacAddress macSource, MacAddress macDestination, Inet6Address source, Inet6Address destination) {}

  /** The solicitation or advertisement in {@code frame[0, length)}, if it is a valid one (trailing padding allowed). */
  public static Optional<NdpPacket> parse(byte[] frame, int length) {
    if (length < ICMP_AT + ICMP_LENGTH || length > frame.length) {
      return Optional.empty();
    }
    ByteBuffer b = ByteBuffer.wrap(frame, 0, length);
    int payload = Short.toUnsignedInt(b.getShort(IP_AT + 4));
    if (b.getShort(12) != (short) ETHERTYPE_IPV6 || (frame[IP_AT] & 0xf0) != 0x60 || Byte.toUnsignedInt(frame[IP_AT + 6]) != NEXT_HEADER_ICMPV6
        || Byte.toUnsignedInt(frame[IP_AT + 7]) != HOP_LIMIT || payload < ICMP_LENGTH || ICMP_AT + payload > length || frame[ICMP_AT + 1] != 0) {
      return Optional.empty();
    }
    int code = Byte.toUnsignedInt(frame[ICMP_AT]);
    Type type = code == Type.SOLICITATION.code ? Type.SOLICITATION : code == Type.ADVERTISEMENT.code ? Type.ADVERTISEMENT : null;
    if (type == null || checksum(frame, payload) != 0) {
      return Optional.empty();
    }
    Inet6Address source = v6(Arrays.copyOfRange(frame, IP_AT + 8, IP_AT + 24));
    Inet6Address destination = v6(Arrays.copyOfRange(frame, IP_AT + 24, IP_AT + 40));
    Inet6Address target = v6(Arrays.copyOfRange(frame, ICMP_AT + 8, ICMP_AT + 24));
    if (target.isMulticastAddress() || source.isMulticastAddress()) {
      return Optional.empty();
    }
    Optional<Optional<MacAddress>> option = linkLayerOption(frame, ICMP_AT + ICMP_LENGTH, ICMP_AT + payload,
        type == Type.SOLICITATION ? OPTION_SOURCE_LINK_LAYER : OPTION_TARGET_LINK_LAYER);
    if (option.isEmpty()) {
      return Optional.empty();
    }
    int flags = Byte.toUnsignedInt(frame[ICMP_AT + 4]);
    boolean solicited = type == Type.ADVERTISEMENT && (flags & FLAG_SOLICITED) != 0;
    boolean override = type == Type.ADVERTISEMENT && (flags & FLAG_OVERRIDE) != 0;
    if (type == Type.SOLICITATION && source.equals(UNSPECIFIED) && (!isSolicitedNode(destination) || option.get().isPresent())) {
      return Optional.empty();
    }
    if (type == Type.ADVERTISEMENT && destination.isMulticastAddress() && solicited) {
      return Optional.empty();
    }
    Header ends = new Header(mac(frame, 6), mac(frame, 0), source, destination);
    return Optional.of(new NdpPacket(type, ends, target, option.get(), solicited, override));
  }

  /**
   * The options from {@code at} to {@code end}: empty when malformed (a zero length, or past the
   * end), else the Ethernet address of the first option of {@code kind}, if any.
   */
  private static Optional<Optional<MacAddress>> linkLayerOption(byte[] frame, int at, int end, int kind) {
    Optional<MacAddress> found = Optional.empty();
    while (at < end) {
      if (at + 2 > end) {
        return Optional.empty();
      }
      int size = Byte.toUnsignedInt(frame[at + 1]) * 8;
      if (size == 0 || at + size > end) {
        return Optional.empty();
      }
      if (found.isEmpty() && Byte.toUnsignedInt(frame[at]) == kind && size == 8) {
        found = Optional.of(mac(frame, at + 2));
      }
      at += size;
    }
    return Optional.of(found);
  }

  /** True for a solicitation from a host on the link whose answer must go to it, not a DAD probe. */
  public boolean fromAddressedHost() {
    return type == Type.SOLICITATION && !header.source().equals(UNSPECIFIED);
  }

  /**
   * The solicited advertisement {@code mac} gives to this solicitation: "target is at mac", sent
   * to the asker alone (to its link-layer option's MAC, else the frame's source), from the target
   * address itself, override set (the address is not anycast: the newest answer wins).
   */
  public NdpPacket advertisementFrom(MacAddress mac) {
    Header ends = new Header(mac, linkLayer.orElse(header.macSource()), target, header.source());
    return new NdpPacket(Type.ADVERTISEMENT, ends, target, Optional.of(mac), true, true);
  }

  /**
   * The unsolicited advertisement, IPv6's gratuitous ARP: to all nodes, override set, not
   * solicited. Hosts with a neighbor entry for {@code ip} move it to {@code mac}; nobody replies.
   */
  public static NdpPacket unsolicited(Inet6Address ip, MacAddress mac) {
    return new NdpPacket(Type.ADVERTISEMENT, new Header(mac, multicastMac(ALL_NODES), ip, ALL_NODES), ip, Optional.of(mac), false, true);
  }

  /** ff02::1:ffXX:XXXX, the group a solicitation for {@code ip} is sent to. */
  public static Inet6Address solicitedNode(Inet6Address ip) {
    byte[] a = HexFormat.of().parseHex("ff0200000000000000000001ff000000");
    System.arraycopy(ip.getAddress(), 13, a, 13, 3);
    return v6(a);
  }

  private static boolean isSolicitedNode(Inet6Address a) {
    return solicitedNode(a).equals(a);
  }

  /** 33:33 and the group's last 32 bits (RFC 2464 section 7): the Ethernet address a link filters on. */
  public static MacAddress multicastMac(Inet6Address group) {
    byte[] a = group.getAddress();
    return new MacAddress(HexFormat.ofDelimiter(":").formatHex(new byte[] {0x33, 0x33, a[12], a[13], a[14], a[15]}));
  }

  /** The Ethernet frame, with the ICMPv6 checksum over the IPv6 pseudo-header. */
  public byte[] frame() {
    int payload = ICMP_LENGTH + (linkLayer.isPresent() ? 8 : 0);
    ByteBuffer b = ByteBuffer.allocate(ICMP_AT + payload);
    b.put(ArpPacket.bytes(header.macDestination())).put(ArpPacket.bytes(header.macSource())).putShort((short) ETHERTYPE_IPV6);
    b.putInt(0x60000000).putShort((short) payload).put((byte) NEXT_HEADER_ICMPV6).put((byte) HOP_LIMIT);
    b.put(header.source().getAddress()).put(header.destination().getAddress());
    int flags = (solicited ? FLAG_SOLICITED : 0) | (override ? FLAG_OVERRIDE : 0);
    b.put((byte) type.code).put((byte) 0).putShort((short) 0).put((byte) (type == Type.ADVERTISEMENT ? flags : 0)).put(new byte[3]);
    b.put(target.getAddress());
    linkLayer.ifPresent(mac -> b.put((byte) (type == Type.SOLICITATION ? OPTION_SOURCE_LINK_LAYER : OPTION_TARGET_LINK_LAYER)).put((byte) 1)
        .put(ArpPacket.bytes(mac)));
    byte[] out = b.array();
    int sum = checksum(out, payload);
    out[ICMP_AT + 2] = (byte) (sum >> 8);
    out[ICMP_AT + 3] = (byte) sum;
    return out;
  }

  /** The one's complement sum over the pseudo-header (addresses, length, next header) and the ICMPv6 message; 0 when it checks. */
  private static int checksum(byte[] frame, int payload) {
    long sum = payload + NEXT_HEADER_ICMPV6;
    for (int i = IP_AT + 8; i < IP_AT + 40; i += 2) {
      sum += ((frame[i] & 0xff) << 8) | (frame[i + 1] & 0xff);
    }
    for (int i = 0; i < payload; i += 2) {
      int at = ICMP_AT + i;
      sum += ((frame[at] & 0xff) << 8) | (i + 1 < payload ? frame[at + 1] & 0xff : 0);
    }
    while ((sum >> 16) != 0) {
      sum = (sum & 0xffff) + (sum >> 16);
    }
    return (int) (~sum & 0xffff);
  }

  private static MacAddress mac(byte[] frame, int at) {
    return new MacAddress(HexFormat.ofDelimiter(":").formatHex(frame, at, at + 6));
  }

  private static Inet6Address v6(byte[] sixteen) {
    try {
      return Inet6Address.getByAddress(null, sixteen, -1); // never an Inet4Address, even for ::ffff:a.b.c.d
    } catch (UnknownHostException e) {
      throw new IllegalStateException("16 bytes are always an IPv6 address", e);
    }
  }
}
