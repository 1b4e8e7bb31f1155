package dev.podnet.bgp;

import io.netty.buffer.ByteBuf;
import java.net.InetAddress;
import java.util.List;
import java.util.Optional;

/** MP_REACH_NLRI and MP_UNREACH_NLRI bodies (RFC 4760 3, 4); errors reset the session (RFC 7606 7.11). */
final class MpNlri {
  private MpNlri() {}

  static AttributeParser.Nlri reach(ByteBuf v) {
    if (v.readableBytes() < 5) {
      throw optional("MP_REACH_NLRI of " + v.readableBytes() + " octets");
    }
    Family family = family(v.readUnsignedShort(), v.readUnsignedByte());
    int nhLength = v.readUnsignedByte();
    if (nhLength + 1 > v.readableBytes()) {
      throw optional("MP_REACH_NLRI next hop length " + nhLength + " overruns the attribute");
    }
    ByteBuf nh = v.readSlice(nhLength);
    v.skipBytes(1);
    Optional<InetAddress> nextHop = nextHop(family, nh);
    return new AttributeParser.Nlri(family, nextHop, Prefixes.decode(v, family, 9));
  }

  /** The next hop: 4 octets for IPv4, 16 or 32 (global, link-local; podnet routes by the global) for IPv6. */
  private static Optional<InetAddress> nextHop(Family family, ByteBuf nh) {
    int n = nh.readableBytes();
    boolean ok = n == family.addressBytes() || n == 16 || n == 32;
    if (!ok) {
      throw optional("MP_REACH_NLRI next hop of " + n + " octets for " + family);
    }
    byte[] b = new byte[n == 32 ? 16 : n];
    nh.readBytes(b);
    return Optional.of(Prefixes.address(b));
  }

  static AttributeParser.Nlri unreach(ByteBuf v) {
    if (v.readableBytes() < 3) {
      throw optional("MP_UNREACH_NLRI of " + v.readableBytes() + " octets");
    }
    Family family = family(v.readUnsignedShort(), v.readUnsignedByte());
    return new AttributeParser.Nlri(family, Optional.empty(), Prefixes.decode(v, family, 9));
  }

  private static Family family(int afi, int safi) {
    return Family.of(afi, safi).orElseThrow(() -> optional("AFI " + afi + " SAFI " + safi + " was not negotiated"));
  }

  private static BgpException optional(String why) {
    return new BgpException(Message.Notification.UPDATE, 9, why);
  }

  static void encodeReach(Family family, InetAddress nextHop, List<Prefix> prefixes, ByteBuf out) {
    out.writeShort(family.afi()).writeByte(family.safi());
    byte[] nh = nextHop.getAddress();
    out.writeByte(nh.length).writeBytes(nh).writeByte(0);
    prefixes.forEach(p -> Prefixes.encode(p, out));
  }

  static void encodeUnreach(Family family, List<Prefix> prefixes, ByteBuf out) {
    out.writeShort(family.afi()).writeByte(family.safi());
    prefixes.forEach(p -> Prefixes.encode(p, out));
  }
}
