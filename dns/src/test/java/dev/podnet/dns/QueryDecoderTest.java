package dev.podnet.dns;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

/** The query reader on well-formed and edge-case messages; MalformedQueryTest fuzzes it. */
class QueryDecoderTest {
  private static QueryDecoder.Decoded decode(byte[] m) {
    return new QueryDecoder().decode(Unpooled.wrappedBuffer(m));
  }

  @Test
  void aQueryWithEdnsGivesNameTypeFlagsAndPayloadSize() {
    byte[] m = Wire.query(0x4242, "Kubernetes.Default.svc.cluster.local.", Rdata.SRV, 1232);
    assertThat(decode(m)).isInstanceOf(QueryDecoder.Ok.class);
    Query q = ((QueryDecoder.Ok) decode(m)).query();
    assertThat(q.id()).isEqualTo(0x4242);
    assertThat(q.qname()).as("case kept: replies echo the question").isEqualTo("Kubernetes.Default.svc.cluster.local.");
    assertThat(q.qtype()).isEqualTo(Rdata.SRV);
    assertThat(q.recursionDesired()).isTrue();
    assertThat(q.ednsPayload()).contains(1232);
    assertThat(q.raw()).isEqualTo(m);
  }

  @Test
  void theRootIsADotAndAPointerBackToTheQuestionIsFine() {
    byte[] root = {0, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0, 1};
    assertThat(((QueryDecoder.Ok) decode(root)).query().qname()).isEqualTo(".");
    // question "a.", then an additional OPT record whose owner is a pointer to offset 12
    byte[] m = {0, 2, 0, 0, 0, 1, 0, 0, 0, 0, 0, 1, 1, 'a', 0, 0, 1, 0, 1, (byte) 0xC0, 12, 0, 41, 4, (byte) 0xD0, 0, 0, 0, 0, 0, 0};
    Query q = ((QueryDecoder.Ok) decode(m)).query();
    assertThat(q.qname()).isEqualTo("a.");
    assertThat(q.ednsPayload()).contains(1232);
  }

  @Test
  void aPointerForwardOrIntoItselfAndAnOldLabelTypeAreFormerr() {
    byte[] forward = {0, 3, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, (byte) 0xC0, 14, 1, 'a', 0, 0, 1, 0, 1};
    byte[] extended = {0, 4, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0x41, 'a', 0, 0, 1, 0, 1};
    byte[] dotInLabel = {0, 5, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 3, 'a', '.', 'b', 0, 0, 1, 0, 1};
    for (byte[] m : new byte[][] {forward, extended, dotInLabel}) {
      assertThat(decode(m)).isInstanceOf(QueryDecoder.Reject.class);
    }
  }

  @Test
  void aNameOf254CharactersPassesAndOneMoreIsFormerr() {
    String label = "x".repeat(63) + ".";
    String fits = label + label + label + "y".repeat(61) + ".";
    assertThat(fits).hasSize(254);
    assertThat(decode(Wire.query(1, fits, Rdata.A, 0))).isInstanceOf(QueryDecoder.Ok.class);
    assertThat(decode(Wire.query(1, "a." + fits, Rdata.A, 0))).isInstanceOf(QueryDecoder.Reject.class);
  }
}
