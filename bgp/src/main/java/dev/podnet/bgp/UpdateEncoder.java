package dev.podnet.bgp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * UPDATE bodies: IPv4 in the classic fields, IPv6 in MP_REACH/MP_UNREACH; to a peer without
 * 4-octet AS numbers, AS_PATH carries AS_TRANS and AS4_PATH the real path (RFC 6793 4.2.2).
 */
final class UpdateEncoder {
  /** Room for MP headers and two 16-octet next hops beside the attributes counted up front. */
  private static final int SLACK = 64;

  private UpdateEncoder() {}

  static void encodeBody(Message.Update u, WireOptions options, ByteBuf out) {
    if (u.endOfRib().isPresent()) {
      encodeEndOfRib(u.endOfRib().get(), out);
      return;
    }
    List<Prefix> v4Withdrawn = of(u.withdrawn(), Family.IPV4_UNICAST);
    List<Prefix> v6Withdrawn = of(u.withdrawn(), Family.IPV6_UNICAST);
    int at = out.writerIndex();
    out.writeShort(0);
    v4Withdrawn.forEach(p -> Prefixes.encode(p, out));
    out.setShort(at, out.writerIndex() - at - 2);
    at = out.writerIndex();
    out.writeShort(0);
    u.attributes().ifPresent(a -> encodeAttributes(a, u, options, out));
    if (!v6Withdrawn.isEmpty()) {
      attribute(Attr.OPTIONAL, Attr.MP_UNREACH, out, b -> MpNlri.encodeUnreach(Family.IPV6_UNICAST, v6Withdrawn, b));
    }
    out.setShort(at, out.writerIndex() - at - 2);
    of(u.announced(), Family.IPV4_UNICAST).forEach(p -> Prefixes.encode(p, out));
  }

  private static void encodeEndOfRib(Family f, ByteBuf out) {
    if (f == Family.IPV4_UNICAST) {
      out.writeShort(0).writeShort(0);
      return;
    }
    out.writeShort(0);
    int at = out.writerIndex();
    out.writeShort(0);
    attribute(Attr.OPTIONAL, Attr.MP_UNREACH, out, b -> MpNlri.encodeUnreach(f, List.of(), b));
    out.setShort(at, out.writerIndex() - at - 2);
  }

  private static void encodeAttributes(PathAttributes a, Message.Update u, WireOptions options, ByteBuf out) {
    attribute(Attr.TRANSITIVE, Attr.ORIGIN, out, b -> b.writeByte(a.origin().code()));
    boolean needsAs4 = !options.fourOctetAs() && a.asPath().flat().stream().anyMatch(asn -> asn > 0xffff);
    attribute(Attr.TRANSITIVE, Attr.AS_PATH, out, b -> asPath(a.asPath(), options.fourOctetAs(), b));
    List<Prefix> v4 = of(u.announced(), Family.IPV4_UNICAST);
    if (!v4.isEmpty()) {
      InetAddress nh = nextHop(u, Family.IPV4_UNICAST);
      attribute(Attr.TRANSITIVE, Attr.NEXT_HOP, out, b -> b.writeBytes(nh.getAddress()));
    }
    a.med().ifPresent(m -> attribute(Attr.OPTIONAL, Attr.MED, out, b -> b.writeInt((int) m)));
    a.localPref().ifPresent(lp -> attribute(Attr.TRANSITIVE, Attr.LOCAL_PREF, out, b -> b.writeInt((int) lp)));
    if (!a.communities().isEmpty()) {
      attribute(Attr.OPTIONAL | Attr.TRANSITIVE, Attr.COMMUNITIES, out, b -> a.communities().forEach(c -> b.writeInt(c.value())));
    }
    List<Prefix> v6 = of(u.announced(), Family.IPV6_UNICAST);
    if (!v6.isEmpty()) {
      InetAddress nh = nextHop(u, Family.IPV6_UNICAST);
      attribute(Attr.OPTIONAL, Attr.MP_REACH, out, b -> MpNlri.encodeReach(Family.IPV6_UNICAST, nh, v6, b));
    }
    if (needsAs4) {
      attribute(Attr.OPTIONAL | Attr.TRANSITIVE, Attr.AS4_PATH, out, b -> asPath(a.asPath(), true, b));
    }
    for (RawAttribute r : a.other()) {
      attribute(r.flags() & (Attr.OPTIONAL | Attr.TRANSITIVE | Attr.PARTIAL), r.type(), out, b -> b.writeBytes(r.value()));
    }
  }

  private static InetAddress nextHop(Message.Update u, Family f) {
    InetAddress nh = u.nextHops().get(f);
    if (nh == null) {
      throw new IllegalArgumentException("UPDATE announces " + f + " prefixes without a " + f + " next hop");
    }
    return nh;
  }

  private static void asPath(AsPath p, boolean fourOctet, ByteBuf b) {
    for (AsPath.Segment s : p.segments()) {
      b.writeByte(s.type()).writeByte(s.asns().size());
      for (long asn : s.asns()) {
        if (fourOctet) {
          b.writeInt((int) asn);
        } else {
          b.writeShort(asn > 0xffff ? Codec.AS_TRANS : (int) asn);
        }
      }
    }
  }

  /** Writes one attribute, choosing the extended length form only when the value needs it. */
  private static void attribute(int flags, int type, ByteBuf out, Consumer<ByteBuf> value) {
    ByteBuf v = Unpooled.buffer();
    value.accept(v);
    int len = v.readableBytes();
    boolean ext = len > 255;
    out.writeByte(flags | (ext ? Attr.EXTENDED : 0)).writeByte(type);
    if (ext) {
      out.writeShort(len);
    } else {
      out.writeByte(len);
    }
    out.writeBytes(v);
    v.release();
  }

  private static List<Prefix> of(List<Prefix> prefixes, Family f) {
    return prefixes.stream().filter(p -> p.family() == f).toList();
  }

  /** Splits {@code u} into UPDATEs that each fit in 4096 octets: withdrawals first, then announcements. */
  static List<Message.Update> split(Message.Update u, WireOptions options) {
    List<Message.Update> out = new ArrayList<>();
    int budget = Codec.MAX_LENGTH - Codec.HEADER - 4 - SLACK;
    for (List<Prefix> chunk : chunks(u.withdrawn(), budget)) {
      out.add(Message.Update.withdraw(chunk));
    }
    if (!u.announced().isEmpty()) {
      PathAttributes a = u.attributes().orElseThrow();
      ByteBuf probe = Unpooled.buffer();
      encodeAttributes(a, Message.Update.announce(List.of(), a, Map.of()), options, probe);
      int attrSize = probe.readableBytes();
      probe.release();
      for (List<Prefix> chunk : chunks(u.announced(), budget - attrSize - 2 * 8)) {
        out.add(new Message.Update(List.of(), chunk, Optional.of(a), u.nextHops(), Optional.empty(), List.of()));
      }
    }
    return out;
  }

  private static List<List<Prefix>> chunks(List<Prefix> prefixes, int budget) {
    List<List<Prefix>> out = new ArrayList<>();
    List<Prefix> cur = new ArrayList<>();
    int size = 0;
    for (Prefix p : prefixes) {
      int s = Prefixes.encodedSize(p);
      if (size + s > budget && !cur.isEmpty()) {
        out.add(cur);
        cur = new ArrayList<>();
        size = 0;
      }
      cur.add(p);
      size += s;
    }
    if (!cur.isEmpty()) {
      out.add(cur);
    }
    return out;
  }
}
