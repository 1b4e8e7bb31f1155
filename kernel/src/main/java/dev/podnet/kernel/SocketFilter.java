package dev.podnet.kernel;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

/**
 * A classic BPF program attached to a packet socket (SO_ATTACH_FILTER, filter.txt in the kernel
 * docs): the kernel runs it on every frame of the link and queues only those it accepts, so a
 * responder thread wakes for the few frames it answers instead of every ARP or IPv6 packet on a
 * busy LAN. Only a prefilter: the parser still checks every frame it is given (frames queued
 * before the attach were not filtered).
 */
record SocketFilter(List<Instruction> program) {
  /** Offsets are from the Ethernet header of the frame (SOCK_RAW). */
  private static final int ETHERTYPE_AT = 12;
  private static final int ARP_OP_AT = 20;
  private static final int IPV6_NEXT_HEADER_AT = 20;
  private static final int ICMPV6_TYPE_AT = 54;
  /** SKF_AD_OFF + SKF_AD_PKTTYPE: the ancillary load of the frame's sll_pkttype. */
  private static final int PKTTYPE = 0xfffff000 + 4;
  private static final int ACCEPT = 0x40000;

  /** struct sock_filter: a 16-bit opcode, two 8-bit jump offsets (taken, not taken) and a 32-bit constant. */
  record Instruction(int code, int jt, int jf, int k) {
    static final int LD_W_ABS = 0x20;
    static final int LD_H_ABS = 0x28;
    static final int LD_B_ABS = 0x30;
    static final int JEQ_K = 0x15;
    static final int RET_K = 0x06;
  }

  private static Instruction load(int code, int at) {
    return new Instruction(code, 0, 0, at);
  }

  /** Falls through when the accumulator equals {@code k}, else jumps {@code skip} instructions ahead. */
  private static Instruction equalsElseSkip(int k, int skip) {
    return new Instruction(Instruction.JEQ_K, 0, skip, k);
  }

  private static Instruction ret(int k) {
    return new Instruction(Instruction.RET_K, 0, 0, k);
  }

  /** ARP requests received (not sent by this host): the frames an ARP responder answers. */
  static SocketFilter arpRequests() {
    return new SocketFilter(List.of(
        load(Instruction.LD_W_ABS, PKTTYPE), new Instruction(Instruction.JEQ_K, 5, 0, PacketSocket.PACKET_OUTGOING),
        load(Instruction.LD_H_ABS, ETHERTYPE_AT), equalsElseSkip(ArpPacket.ETHERTYPE_ARP, 3),
        load(Instruction.LD_H_ABS, ARP_OP_AT), equalsElseSkip(ArpPacket.Op.REQUEST.code, 1),
        ret(ACCEPT), ret(0)));
  }

  /** ICMPv6 Neighbor Solicitations received, without extension headers (as every stack sends them). */
  static SocketFilter neighborSolicitations() {
    return new SocketFilter(List.of(
        load(Instruction.LD_W_ABS, PKTTYPE), new Instruction(Instruction.JEQ_K, 7, 0, PacketSocket.PACKET_OUTGOING),
        load(Instruction.LD_H_ABS, ETHERTYPE_AT), equalsElseSkip(NdpPacket.ETHERTYPE_IPV6, 5),
        load(Instruction.LD_B_ABS, IPV6_NEXT_HEADER_AT), equalsElseSkip(NdpPacket.NEXT_HEADER_ICMPV6, 3),
        load(Instruction.LD_B_ABS, ICMPV6_TYPE_AT), equalsElseSkip(NdpPacket.Type.SOLICITATION.code, 1),
        ret(ACCEPT), ret(0)));
  }

  /** The program as the kernel reads it: an array of struct sock_filter in host byte order. */
  byte[] bytes() {
    ByteBuffer b = ByteBuffer.allocate(program.size() * 8).order(ByteOrder.nativeOrder());
    for (Instruction i : program) {
      b.putShort((short) i.code()).put((byte) i.jt()).put((byte) i.jf()).putInt(i.k());
    }
    return b.array();
  }
}
