package dev.podnet.bgp;

import io.netty.buffer.ByteBuf;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/** One UPDATE's path attributes, parsed with the per-attribute error handling of RFC 7606 7. */
final class AttributeParser {
  record Nlri(Family family, Optional<InetAddress> nextHop, List<Prefix> prefixes) {}

  private final WireOptions options;
  private final Set<Integer> seen = new HashSet<>();
  final List<String> errors = new ArrayList<>();
  int count;
  private Origin origin;
  private AsPath asPath;
  private AsPath as4Path;
  private InetAddress nextHop;
  private OptionalLong med = OptionalLong.empty();
  private OptionalLong localPref = OptionalLong.empty();
  private List<Community> communities = List.of();
  private final List<RawAttribute> other = new ArrayList<>();
  Optional<Nlri> mpReach = Optional.empty();
  Optional<Nlri> mpUnreach = Optional.empty();

  private AttributeParser(WireOptions options) {
    this.options = options;
  }

  static AttributeParser parse(ByteBuf in, WireOptions options) {
    AttributeParser p = new AttributeParser(options);
    while (in.isReadable()) {
      if (!p.next(in)) {
        break;
      }
    }
    return p;
  }

  /** Parses one attribute; false once the rest of the section cannot be framed (RFC 7606 4). */
  private boolean next(ByteBuf in) {
    int flags = in.readableBytes() >= 1 ? in.getUnsignedByte(in.readerIndex()) : 0;
    int header = (flags & Attr.EXTENDED) != 0 ? 4 : 3;
    if (in.readableBytes() < header) {
      withdraw("attribute section ends " + in.readableBytes() + " octets into an attribute header");
      return false;
    }
    in.skipBytes(1);
    int type = in.readUnsignedByte();
    int len = header == 4 ? in.readUnsignedShort() : in.readUnsignedByte();
    if (len > in.readableBytes()) {
      withdraw("attribute " + type + " of length " + len + " overruns the attribute section by " + (len - in.readableBytes()) + " octets");
      return false;
    }
    ByteBuf value = in.readSlice(len);
    count++;
    if (!seen.add(type)) {
      if (type == Attr.MP_REACH || type == Attr.MP_UNREACH) {
        throw UpdateDecoder.malformedList("attribute " + type + " appears twice");
      }
      errors.add("attribute discard: duplicate attribute " + type);
      return true;
    }
    int expected = Attr.expectedFlags(type);
    if (expected >= 0 && (flags & (Attr.OPTIONAL | Attr.TRANSITIVE)) != expected) {
      flagsError(flags, type, value);
      return true;
    }
    attribute(flags, type, value);
    return true;
  }

  private void flagsError(int flags, int type, ByteBuf value) {
    if (type == Attr.MP_REACH || type == Attr.MP_UNREACH) {
      // without the MP attributes the UPDATE's prefixes are unknown: nothing to withdraw safely
      throw new BgpException(Message.Notification.UPDATE, 4, raw(flags, type, value), "attribute " + type + " flags 0x" + Integer.toHexString(flags));
    }
    withdraw("attribute " + type + " has flags 0x" + Integer.toHexString(flags));
  }

  private void attribute(int flags, int type, ByteBuf v) {
    int len = v.readableBytes();
    switch (type) {
      case Attr.ORIGIN -> {
        int o = len == 1 ? v.readUnsignedByte() : -1;
        if (o < 0 || o > 2) {
          withdraw("ORIGIN of length " + len + (o > 2 ? " value " + o : ""));
        } else {
          origin = Origin.values()[o];
        }
      }
      case Attr.AS_PATH -> asPath(v, options.fourOctetAs() ? 4 : 2).ifPresentOrElse(p -> asPath = p, () -> withdraw("malformed AS_PATH"));
      case Attr.NEXT_HOP -> nextHop(v);
      case Attr.MED -> med = u32(v, "MULTI_EXIT_DISC");
      case Attr.LOCAL_PREF -> localPref = u32(v, "LOCAL_PREF");
      case Attr.COMMUNITIES -> communities(v);
      case Attr.MP_REACH -> mpReach = Optional.of(MpNlri.reach(v));
      case Attr.MP_UNREACH -> mpUnreach = Optional.of(MpNlri.unreach(v));
      case Attr.AS4_PATH -> asPath(v, 4).ifPresentOrElse(p -> as4Path = p, () -> errors.add("attribute discard: malformed AS4_PATH"));
      case Attr.ATOMIC_AGGREGATE -> keep(flags, type, v, len == 0);
      case Attr.ORIGINATOR_ID, Attr.CLUSTER_LIST -> reflection(flags, type, v);
      case Attr.AGGREGATOR, Attr.AS4_AGGREGATOR -> { } // informational; podnet neither uses nor re-sends it
      default -> unknown(flags, type, v);
    }
  }

  /** RFC 7606 7.9, 7.10: a malformed ORIGINATOR_ID or CLUSTER_LIST withdraws. */
  private void reflection(int flags, int type, ByteBuf v) {
    int len = v.readableBytes();
    boolean ok = type == Attr.ORIGINATOR_ID ? len == 4 : len > 0 && len % 4 == 0;
    if (!ok) {
      withdraw((type == Attr.ORIGINATOR_ID ? "ORIGINATOR_ID" : "CLUSTER_LIST") + " of length " + len);
      return;
    }
    keep(flags, type, v, true);
  }

  private void unknown(int flags, int type, ByteBuf v) {
    if ((flags & Attr.OPTIONAL) == 0) {
      throw new BgpException(Message.Notification.UPDATE, 2, raw(flags, type, v), "unrecognized well-known attribute " + type);
    }
    if ((flags & Attr.TRANSITIVE) != 0) {
      keep(flags | Attr.PARTIAL, type, v, true);
    }
  }

  private void keep(int flags, int type, ByteBuf v, boolean ok) {
    if (!ok) {
      errors.add("attribute discard: attribute " + type + " of length " + v.readableBytes());
      return;
    }
    byte[] b = new byte[v.readableBytes()];
    v.readBytes(b);
    other.add(new RawAttribute(flags & ~Attr.EXTENDED, type, b));
  }

  private void nextHop(ByteBuf v) {
    if (v.readableBytes() != 4) {
      withdraw("NEXT_HOP of length " + v.readableBytes());
      return;
    }
    byte[] b = new byte[4];
    v.readBytes(b);
    Inet4Address a = (Inet4Address) Prefixes.address(b);
    if (a.isAnyLocalAddress() || a.isMulticastAddress() || (b[0] & b[1] & b[2] & b[3]) == -1) {
      withdraw("NEXT_HOP " + a.getHostAddress() + " is not a unicast host address");
      return;
    }
    nextHop = a;
  }

  private OptionalLong u32(ByteBuf v, String name) {
    if (v.readableBytes() != 4) {
      withdraw(name + " of length " + v.readableBytes());
      return OptionalLong.empty();
    }
    return OptionalLong.of(v.readUnsignedInt());
  }

  private void communities(ByteBuf v) {
    if (v.readableBytes() == 0 || v.readableBytes() % 4 != 0) {
      withdraw("COMMUNITIES of length " + v.readableBytes());
      return;
    }
    List<Community> c = new ArrayList<>();
    while (v.isReadable()) {
      c.add(new Community(v.readInt()));
    }
    communities = c;
  }

  static Optional<AsPath> asPath(ByteBuf v, int asSize) {
    List<AsPath.Segment> segments = new ArrayList<>();
    while (v.isReadable()) {
      if (v.readableBytes() < 2) {
        return Optional.empty();
      }
      int type = v.readUnsignedByte();
      int n = v.readUnsignedByte();
      if ((type != 1 && type != 2) || n == 0 || v.readableBytes() < n * asSize) {
        return Optional.empty();
      }
      List<Long> asns = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        asns.add(asSize == 4 ? v.readUnsignedInt() : v.readUnsignedShort());
      }
      segments.add(new AsPath.Segment(type == 1, asns));
    }
    return Optional.of(new AsPath(segments));
  }

  private void withdraw(String why) {
    errors.add(Message.Update.TREAT_AS_WITHDRAW + why);
  }

  boolean treatAsWithdraw() {
    return errors.stream().anyMatch(e -> e.startsWith(Message.Update.TREAT_AS_WITHDRAW));
  }

  /** RFC 7606 3(d): a missing well-known mandatory attribute withdraws rather than resets. */
  void checkMandatory(boolean ipv4Nlri) {
    if (origin == null) {
      withdraw("missing well-known attribute ORIGIN");
    } else if (asPath == null) {
      withdraw("missing well-known attribute AS_PATH");
    } else if (ipv4Nlri && nextHop == null) {
      withdraw("missing well-known attribute NEXT_HOP");
    }
  }

  PathAttributes attributes() {
    return new PathAttributes(origin, mergedAsPath(), med, localPref, communities, other);
  }

  /** RFC 6793 4.2.3: an old speaker's AS_TRANS placeholders are replaced from AS4_PATH. */
  private AsPath mergedAsPath() {
    if (options.fourOctetAs() || as4Path == null || as4Path.length() > asPath.length()) {
      return asPath;
    }
    List<Long> head = asPath.flat().subList(0, asPath.flat().size() - as4Path.flat().size());
    List<AsPath.Segment> merged = new ArrayList<>();
    if (!head.isEmpty()) {
      merged.add(new AsPath.Segment(false, head));
    }
    merged.addAll(as4Path.segments());
    return new AsPath(merged);
  }

  Map<Family, InetAddress> nextHops() {
    Map<Family, InetAddress> out = new EnumMap<>(Family.class);
    if (nextHop != null) {
      out.put(Family.IPV4_UNICAST, nextHop);
    }
    mpReach.ifPresent(r -> r.nextHop().ifPresent(nh -> out.put(r.family(), nh)));
    return out;
  }

  private static byte[] raw(int flags, int type, ByteBuf v) {
    int len = v.readableBytes();
    boolean ext = (flags & Attr.EXTENDED) != 0;
    byte[] out = new byte[(ext ? 4 : 3) + len];
    out[0] = (byte) flags;
    out[1] = (byte) type;
    if (ext) {
      out[2] = (byte) (len >> 8);
      out[3] = (byte) len;
    } else {
      out[2] = (byte) len;
    }
    v.getBytes(v.readerIndex(), out, out.length - len, len);
    return out;
  }
}
