package dev.podnet.bgp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.HexFormat;

/** Hex in, messages out, for tests written against the RFCs' byte layouts. */
final class Wire {
  static final String MARKER = "ffffffffffffffffffffffffffffffff";

  private Wire() {}

  static byte[] hex(String s) {
    return HexFormat.of().parseHex(s.replaceAll("[\\s_]", ""));
  }

  static String hex(byte[] b) {
    return HexFormat.of().formatHex(b);
  }

  /** A whole message: marker, length, type, body. */
  static String message(int type, String bodyHex) {
    byte[] body = hex(bodyHex);
    return MARKER + String.format("%04x%02x", 19 + body.length, type) + hex(body);
  }

  /** An UPDATE from its three parts, the lengths filled in. */
  static String update(String withdrawn, String attributes, String nlri) {
    int w = hex(withdrawn).length;
    int a = hex(attributes).length;
    return message(2, String.format("%04x", w) + withdrawn + String.format("%04x", a) + attributes + nlri);
  }

  static Message decode(String messageHex, WireOptions options) {
    ByteBuf in = Unpooled.wrappedBuffer(hex(messageHex));
    Message m = Codec.decodeFrame(in, options);
    if (in.isReadable()) {
      throw new AssertionError(in.readableBytes() + " octets left after one message");
    }
    return m;
  }

  static Message decode(String messageHex) {
    return decode(messageHex, WireOptions.FOUR_OCTET);
  }

  static String encode(Message m, WireOptions options) {
    ByteBuf out = Unpooled.buffer();
    Codec.encode(m, options, out);
    byte[] b = new byte[out.readableBytes()];
    out.readBytes(b);
    return hex(b);
  }

  static String encode(Message m) {
    return encode(m, WireOptions.FOUR_OCTET);
  }
}
