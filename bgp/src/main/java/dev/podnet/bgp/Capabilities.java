package dev.podnet.bgp;

import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** Capability TLVs inside OPEN's optional parameter 2 (RFC 5492 4). */
final class Capabilities {
  private Capabilities() {}

  static List<Capability> decode(ByteBuf in) {
    List<Capability> out = new ArrayList<>();
    while (in.isReadable()) {
      if (in.readableBytes() < 2) {
        throw malformed("capability header truncated");
      }
      int code = in.readUnsignedByte();
      int len = in.readUnsignedByte();
      if (len > in.readableBytes()) {
        throw malformed("capability " + code + " of length " + len + " overruns its parameter");
      }
      out.add(decodeOne(code, in.readSlice(len)));
    }
    return out;
  }

  private static Capability decodeOne(int code, ByteBuf v) {
    int len = v.readableBytes();
    return switch (code) {
      case Capability.MULTIPROTOCOL -> {
        expect(len == 4, code, len);
        int afi = v.readUnsignedShort();
        v.skipBytes(1);
        yield new Capability.Multiprotocol(afi, v.readUnsignedByte());
      }
      case Capability.ROUTE_REFRESH -> {
        expect(len == 0, code, len);
        yield new Capability.RouteRefresh();
      }
      case Capability.FOUR_OCTET_AS -> {
        expect(len == 4, code, len);
        yield new Capability.FourOctetAs(v.readUnsignedInt());
      }
      case Capability.GRACEFUL_RESTART -> decodeGracefulRestart(v);
      default -> {
        byte[] value = new byte[len];
        v.readBytes(value);
        yield new Capability.Unknown(code, value);
      }
    };
  }

  private static Capability decodeGracefulRestart(ByteBuf v) {
    int len = v.readableBytes();
    expect(len >= 2 && (len - 2) % 4 == 0, Capability.GRACEFUL_RESTART, len);
    int head = v.readUnsignedShort();
    Map<Family, Boolean> forwarding = new EnumMap<>(Family.class);
    while (v.isReadable()) {
      int afi = v.readUnsignedShort();
      int safi = v.readUnsignedByte();
      int flags = v.readUnsignedByte();
      // families podnet does not speak are not negotiated, so their forwarding bit is moot
      Family.of(afi, safi).ifPresent(f -> forwarding.put(f, (flags & 0x80) != 0));
    }
    return new Capability.GracefulRestart((head & 0x8000) != 0, head & 0x0fff, forwarding);
  }

  private static void expect(boolean ok, int code, int len) {
    if (!ok) {
      throw malformed("capability " + code + " has a value of " + len + " octets");
    }
  }

  private static BgpException malformed(String why) {
    // RFC 4271 6.2: a recognized optional parameter that is malformed is OPEN error, subcode 0
    return new BgpException(Message.Notification.OPEN, 0, why);
  }

  static void encode(List<Capability> caps, ByteBuf out) {
    for (Capability c : caps) {
      int codeAt = out.writerIndex();
      out.writeByte(0).writeByte(0);
      int code = encodeValue(c, out);
      out.setByte(codeAt, code);
      out.setByte(codeAt + 1, out.writerIndex() - codeAt - 2);
    }
  }

  private static int encodeValue(Capability c, ByteBuf out) {
    if (c instanceof Capability.Multiprotocol m) {
      out.writeShort(m.afi()).writeByte(0).writeByte(m.safi());
      return Capability.MULTIPROTOCOL;
    } else if (c instanceof Capability.RouteRefresh) {
      return Capability.ROUTE_REFRESH;
    } else if (c instanceof Capability.FourOctetAs f) {
      out.writeInt((int) f.asn());
      return Capability.FOUR_OCTET_AS;
    } else if (c instanceof Capability.GracefulRestart g) {
      out.writeShort((g.restarting() ? 0x8000 : 0) | g.time());
      g.forwarding().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e ->
          out.writeShort(e.getKey().afi()).writeByte(e.getKey().safi()).writeByte(e.getValue() ? 0x80 : 0));
      return Capability.GRACEFUL_RESTART;
    }
    Capability.Unknown u = (Capability.Unknown) c;
    out.writeBytes(u.value());
    return u.code();
  }
}
