package dev.podnet.bgp;

import io.netty.buffer.ByteBuf;
import java.net.Inet4Address;
import java.util.ArrayList;
import java.util.List;

/**
 * The message header (RFC 4271 4.1) and the small messages; UPDATE is {@link UpdateDecoder} and
 * {@link UpdateEncoder}, capabilities {@link Capabilities}. Every bad input is a {@link BgpException}
 * carrying the NOTIFICATION the RFCs name for it.
 */
final class Codec {
  static final int HEADER = 19;
  static final int MAX_LENGTH = 4096;
  static final int AS_TRANS = 23456;

  private Codec() {}

  /** Decodes one message from {@code in}, or returns null (consuming nothing) if it is not all there yet. */
  static Message decodeFrame(ByteBuf in, WireOptions options) {
    if (in.readableBytes() < HEADER) {
      return null;
    }
    int start = in.readerIndex();
    for (int i = 0; i < 16; i++) {
      if (in.getByte(start + i) != (byte) 0xff) {
        throw new BgpException(Message.Notification.HEADER, 1, "marker octet " + i + " is not 0xff: the stream is out of sync");
      }
    }
    int length = in.getUnsignedShort(start + 16);
    int type = in.getUnsignedByte(start + 18);
    checkLength(type, length);
    if (in.readableBytes() < length) {
      return null;
    }
    ByteBuf body = in.slice(start + HEADER, length - HEADER);
    in.skipBytes(length);
    return decodeBody(type, body, options);
  }

  private static void checkLength(int type, int length) {
    byte[] lengthField = {(byte) (length >> 8), (byte) length};
    if (length < HEADER || length > MAX_LENGTH) {
      throw new BgpException(Message.Notification.HEADER, 2, lengthField, "message length " + length + " outside 19..4096");
    }
    int min = switch (type) {
      case Message.OPEN -> 29;
      case Message.UPDATE -> 23;
      case Message.NOTIFICATION -> 21;
      case Message.KEEPALIVE, Message.ROUTE_REFRESH -> HEADER;
      default -> throw new BgpException(Message.Notification.HEADER, 3, new byte[] {(byte) type}, "unknown message type " + type);
    };
    if (length < min || (type == Message.KEEPALIVE && length != HEADER)) {
      throw new BgpException(Message.Notification.HEADER, 2, lengthField, "type " + type + " message of length " + length);
    }
  }

  private static Message decodeBody(int type, ByteBuf body, WireOptions options) {
    return switch (type) {
      case Message.OPEN -> decodeOpen(body);
      case Message.UPDATE -> UpdateDecoder.decode(body, options);
      case Message.NOTIFICATION -> decodeNotification(body);
      case Message.KEEPALIVE -> Message.Keepalive.INSTANCE;
      default -> decodeRouteRefresh(body);
    };
  }

  private static Message decodeRouteRefresh(ByteBuf body) {
    if (body.readableBytes() != 4) {
      byte[] all = new byte[body.readableBytes()];
      body.getBytes(body.readerIndex(), all);
      // RFC 7313 5: a ROUTE-REFRESH of the wrong length is its own error code, with the message as data
      throw new BgpException(Message.Notification.ROUTE_REFRESH, 1, all, "ROUTE-REFRESH body of " + all.length + " octets, not 4");
    }
    int afi = body.readUnsignedShort();
    body.skipBytes(1);
    return new Message.RouteRefresh(afi, body.readUnsignedByte());
  }

  private static Message decodeNotification(ByteBuf body) {
    int code = body.readUnsignedByte();
    int subcode = body.readUnsignedByte();
    byte[] data = new byte[body.readableBytes()];
    body.readBytes(data);
    return new Message.Notification(code, subcode, data);
  }

  private static Message decodeOpen(ByteBuf body) {
    int version = body.readUnsignedByte();
    if (version != 4) {
      throw new BgpException(Message.Notification.OPEN, 1, new byte[] {0, 4}, "BGP version " + version + "; podnet speaks 4");
    }
    int myAs = body.readUnsignedShort();
    int hold = body.readUnsignedShort();
    if (hold == 1 || hold == 2) {
      throw new BgpException(Message.Notification.OPEN, 6, "hold time " + hold + " s: must be 0 or at least 3");
    }
    byte[] id = new byte[4];
    body.readBytes(id);
    if (id[0] == 0 && id[1] == 0 && id[2] == 0 && id[3] == 0) {
      throw new BgpException(Message.Notification.OPEN, 3, "BGP identifier 0.0.0.0");
    }
    int optLength = body.readUnsignedByte();
    if (optLength != body.readableBytes()) {
      throw new BgpException(Message.Notification.OPEN, 0,
          "optional parameters length " + optLength + " but " + body.readableBytes() + " octets follow");
    }
    List<Capability> caps = new ArrayList<>();
    while (body.isReadable()) {
      caps.addAll(decodeParameter(body));
    }
    return new Message.Open(version, myAs, hold, (Inet4Address) Prefixes.address(id), caps);
  }

  private static List<Capability> decodeParameter(ByteBuf body) {
    if (body.readableBytes() < 2) {
      throw new BgpException(Message.Notification.OPEN, 0, "optional parameter header truncated");
    }
    int type = body.readUnsignedByte();
    int len = body.readUnsignedByte();
    if (len > body.readableBytes()) {
      throw new BgpException(Message.Notification.OPEN, 0, "optional parameter " + type + " of length " + len + " overruns the OPEN");
    }
    ByteBuf value = body.readSlice(len);
    if (type != 2) {
      throw new BgpException(Message.Notification.OPEN, 4, "optional parameter type " + type + " (only 2, capabilities, is supported)");
    }
    return Capabilities.decode(value);
  }

  /** Writes {@code m} with its header into {@code out}. */
  static void encode(Message m, WireOptions options, ByteBuf out) {
    int start = out.writerIndex();
    out.writeBytes(MARKER);
    out.writeShort(0);
    out.writeByte(type(m));
    if (m instanceof Message.Open o) {
      encodeOpen(o, out);
    } else if (m instanceof Message.Update u) {
      UpdateEncoder.encodeBody(u, options, out);
    } else if (m instanceof Message.Notification n) {
      out.writeByte(n.code()).writeByte(n.subcode()).writeBytes(n.data());
    } else if (m instanceof Message.RouteRefresh r) {
      out.writeShort(r.afi()).writeByte(0).writeByte(r.safi());
    }
    int length = out.writerIndex() - start;
    if (length > MAX_LENGTH) {
      throw new IllegalArgumentException("encoded " + m.getClass().getSimpleName() + " is " + length + " octets, over 4096: split it first");
    }
    out.setShort(start + 16, length);
  }

  private static final byte[] MARKER = {-1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1};

  static int type(Message m) {
    if (m instanceof Message.Open) {
      return Message.OPEN;
    } else if (m instanceof Message.Update) {
      return Message.UPDATE;
    } else if (m instanceof Message.Notification) {
      return Message.NOTIFICATION;
    } else if (m instanceof Message.Keepalive) {
      return Message.KEEPALIVE;
    }
    return Message.ROUTE_REFRESH;
  }

  private static void encodeOpen(Message.Open o, ByteBuf out) {
    out.writeByte(o.version()).writeShort(o.myAs()).writeShort(o.holdTime()).writeBytes(o.routerId().getAddress());
    int lenAt = out.writerIndex();
    out.writeByte(0);
    if (!o.capabilities().isEmpty()) {
      out.writeByte(2);
      int capLenAt = out.writerIndex();
      out.writeByte(0);
      Capabilities.encode(o.capabilities(), out);
      int capLen = out.writerIndex() - capLenAt - 1;
      if (capLen > 253) {
        throw new IllegalArgumentException("capabilities take " + capLen + " octets; one optional parameter holds 253 at most");
      }
      out.setByte(capLenAt, capLen);
    }
    out.setByte(lenAt, out.writerIndex() - lenAt - 1);
  }
}
