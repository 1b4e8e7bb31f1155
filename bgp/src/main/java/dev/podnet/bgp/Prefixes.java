package dev.podnet.bgp;

import io.netty.buffer.ByteBuf;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/** NLRI encoding (RFC 4271 4.3): a length in bits, then just the octets that length needs. */
final class Prefixes {
  private Prefixes() {}

  /** Reads prefixes of {@code family} until {@code in} is empty; a bad one is an UPDATE error with {@code subcode}. */
  static List<Prefix> decode(ByteBuf in, Family family, int subcode) {
    List<Prefix> out = new ArrayList<>();
    while (in.isReadable()) {
      int len = in.readUnsignedByte();
      if (len > family.maxLength()) {
        throw new BgpException(Message.Notification.UPDATE, subcode, "prefix length " + len + " exceeds " + family.maxLength() + " bits for " + family);
      }
      int bytes = (len + 7) / 8;
      if (in.readableBytes() < bytes) {
        throw new BgpException(Message.Notification.UPDATE, subcode,
            "prefix of " + len + " bits needs " + bytes + " octets, " + in.readableBytes() + " left in " + family + " NLRI");
      }
      byte[] addr = new byte[family.addressBytes()];
      in.readBytes(addr, 0, bytes);
      out.add(new Prefix(address(addr), len));
    }
    return out;
  }

  static void encode(Prefix p, ByteBuf out) {
    out.writeByte(p.length());
    out.writeBytes(p.address().getAddress(), 0, encodedSize(p) - 1);
  }

  static int encodedSize(Prefix p) {
    return 1 + (p.length() + 7) / 8;
  }

  static InetAddress address(byte[] b) {
    try {
      return InetAddress.getByAddress(b);
    } catch (UnknownHostException e) {
      throw new IllegalStateException("address of " + b.length + " octets", e);
    }
  }
}
