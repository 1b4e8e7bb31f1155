package dev.podnet.kernel;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;

/**
 * An ARP packet for IPv4 over Ethernet (RFC 826) in its Ethernet II frame, as an AF_PACKET raw
 * socket reads and writes it: 14 bytes of Ethernet header, 28 of ARP. Frames of any other shape
 * (another hardware or protocol type, short, VLAN-tagged) are not ARP this node answers.
 */
public record ArpPacket(Op op, MacAddress senderMac, Inet4Address senderIp, MacAddress targetMac, Inet4Address targetIp) {
  public static final int ETHERTYPE_ARP = 0x0806;
  /** Ethernet header plus the ARP body; shorter frames are not parsed, longer ones are padded (minimum frame 60). */
  public static final int FRAME_LENGTH = 42;
  public static final MacAddress BROADCAST = new MacAddress("ff:ff:ff:ff:ff:ff");
  private static final MacAddress ZERO = new MacAddress("00:00:00:00:00:00");
  private static final int HTYPE_ETHERNET = 1;
  private static final int PTYPE_IPV4 = 0x0800;

  public enum Op {
    REQUEST(1), REPLY(2);

    final int code;

    Op(int code) {
      this.code = code;
    }
  }

  /** The ARP packet in {@code frame[0, length)}, if it is one of IPv4 over Ethernet. */
  public static Optional<ArpPacket> parse(byte[] frame, int length) {
    if (length < FRAME_LENGTH || length > frame.length) {
      return Optional.empty();
    }
    ByteBuffer b = ByteBuffer.wrap(frame, 0, length);
    if (b.getShort(12) != (short) ETHERTYPE_ARP || b.getShort(14) != HTYPE_ETHERNET || b.getShort(16) != PTYPE_IPV4
        || b.get(18) != 6 || b.get(19) != 4) {
      return Optional.empty();
    }
    int code = b.getShort(20);
    Op op = code == Op.REQUEST.code ? Op.REQUEST : code == Op.REPLY.code ? Op.REPLY : null;
    if (op == null) {
      return Optional.empty();
    }
    return Optional.of(new ArpPacket(op, mac(frame, 22), ipv4(frame, 28), mac(frame, 32), ipv4(frame, 38)));
  }

  /** The answer {@code mac} gives to this request: "{@code targetIp} is at {@code mac}", sent to the asker alone. */
  public ArpPacket replyFrom(MacAddress mac) {
    return new ArpPacket(Op.REPLY, mac, targetIp, senderMac, senderIp);
  }

  /**
   * Unsolicited ARP ({@code arping -U}'s form, RFC 5227's announcement): a broadcast request
   * whose sender and target are both {@code ip}. Hosts holding {@code ip} in their neighbor
   * table update it to {@code mac}; nobody replies.
   */
  public static ArpPacket gratuitous(Inet4Address ip, MacAddress mac) {
    return new ArpPacket(Op.REQUEST, mac, ip, ZERO, ip);
  }

  /** The Ethernet frame: requests are broadcast, replies go to the target's MAC, from the sender's. */
  public byte[] frame() {
    ByteBuffer b = ByteBuffer.allocate(FRAME_LENGTH);
    b.put(bytes(op == Op.REQUEST ? BROADCAST : targetMac)).put(bytes(senderMac)).putShort((short) ETHERTYPE_ARP);
    b.putShort((short) HTYPE_ETHERNET).putShort((short) PTYPE_IPV4).put((byte) 6).put((byte) 4).putShort((short) op.code);
    b.put(bytes(senderMac)).put(senderIp.getAddress()).put(bytes(targetMac)).put(targetIp.getAddress());
    return b.array();
  }

  static byte[] bytes(MacAddress mac) {
    return HexFormat.ofDelimiter(":").parseHex(mac.value());
  }

  private static MacAddress mac(byte[] frame, int at) {
    return new MacAddress(HexFormat.ofDelimiter(":").formatHex(frame, at, at + 6));
  }

  private static Inet4Address ipv4(byte[] frame, int at) {
    try {
      return (Inet4Address) InetAddress.getByAddress(Arrays.copyOfRange(frame, at, at + 4));
    } catch (UnknownHostException e) {
      throw new IllegalStateException("four bytes are always an IPv4 address", e);
    }
  }
}
