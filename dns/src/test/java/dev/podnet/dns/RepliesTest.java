package dev.podnet.dns;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The reply encoder byte for byte: what Netty's decoder reads back is checked in DnsServerTest. */
class RepliesTest {
  private static final UnpooledByteBufAllocator ALLOC = UnpooledByteBufAllocator.DEFAULT;

  @ParameterizedTest
  @ValueSource(strings = {".", "", "a.", "a", "kubernetes.default.svc.cluster.local.", "a..b", "..x..", "ü.example."})
  void aNamesLengthIsTheBytesItWrites(String name) {
    ByteBuf b = ALLOC.heapBuffer();
    Rdata.writeName(b, name);
    assertThat(b.readableBytes()).isEqualTo(Rdata.nameLength(name));
    assertThat(b.getByte(b.writerIndex() - 1)).as("root label").isZero();
  }

  @Test
  void namesAreLengthPrefixedLabelsAndNonAsciiBecomesAQuestionMark() {
    assertThat(Rdata.name("ab.c.")).containsExactly(2, 'a', 'b', 1, 'c', 0);
    assertThat(Rdata.name("ü.")).containsExactly(1, '?', 0);
    assertThat(Rdata.name(".")).containsExactly(0);
  }

  @Test
  void aReplyHasTheHeaderQuestionRecordsAndOptInThatOrderAndExactlyItsSize() {
    Query q = new Query(0x1234, "a.ns.svc.cluster.local.", Rdata.A, true, Optional.of(4096), new byte[0]);
    Rr rr = new Rr("a.ns.svc.cluster.local.", 30, new Rdata.Address(IpLiteral.parse("10.96.0.7").orElseThrow()));
    ByteBuf b = Replies.encode(ALLOC, q, Answer.records(List.of(rr), List.of()), 512, 0);
    String hex = ByteBufUtil.hexDump(b);
    // id, QR|AA|RD|RA NOERROR, 1 question, 1 answer, 0 authority, 1 additional (OPT)
    assertThat(hex).startsWith("1234" + "8580" + "0001" + "0001" + "0000" + "0001");
    assertThat(hex).endsWith("0a600007" + "00" + "0029" + "04d0" + "00000000" + "0000");
    assertThat(b.capacity()).as("allocated exactly").isEqualTo(b.readableBytes());
  }

  @Test
  void aReplyOverTheLimitCarriesTcAndNoRecordsAndTcpLeavesRoomForTheLength() {
    Query q = new Query(7, "big.ns.svc.cluster.local.", Rdata.A, false, Optional.empty(), new byte[0]);
    List<Rr> many = java.util.stream.IntStream.range(0, 40)
        .mapToObj(i -> new Rr("big.ns.svc.cluster.local.", 30, new Rdata.Address(IpLiteral.parse("10.0.0." + i).orElseThrow()))).toList();
    ByteBuf udp = Replies.encode(ALLOC, q, Answer.records(many, List.of()), 512, 0);
    assertThat(udp.getUnsignedShort(2) & 0x0200).as("TC").isNotZero();
    assertThat(udp.getUnsignedShort(6)).as("answers").isZero();
    ByteBuf tcp = Replies.encode(ALLOC, q, Answer.records(many, List.of()), 65535, 2);
    assertThat(tcp.getUnsignedShort(2 + 6)).isEqualTo(40);
    assertThat(tcp.readableBytes()).isEqualTo(2 + 12 + Rdata.nameLength(q.qname()) + 4 + 40 * many.get(0).wireSize());
  }

  @Test
  void headerOnlyRepliesSayTheRcodeAndNothingElse() {
    assertThat(ByteBufUtil.hexDump(Replies.headerOnly(ALLOC, 0xbeef, Answer.Rcode.FORMERR, 0))).isEqualTo("beef8001" + "0".repeat(16));
  }
}
