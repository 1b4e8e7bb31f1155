package dev.podnet.dns;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Hostile and broken messages: each gets FORMERR (header readable) or nothing, and the server
 * keeps answering everyone else. The fuzz loops use a fixed seed so a failure replays;
 * {@code -Ddns.fuzz.iterations=5000000} runs the long version by hand.
 */
class MalformedQueryTest {
  private static final int ITERATIONS = Integer.getInteger("dns.fuzz.iterations", 20_000);
  private static final String KUBERNETES = "kubernetes.default.svc.cluster.local.";
  private TestServer dns;

  @BeforeEach
  void start() throws Exception {
    dns = new TestServer("cluster.local", List.of());
    dns.cluster.putService(KubeZoneTest.clusterIp("default", "kubernetes", "10.96.0.1"));
  }

  @AfterEach
  void stop() {
    dns.close();
  }

  private static byte[] header(int id, int flags, int qd, int an, int ns, int ar) {
    return new byte[] {(byte) (id >> 8), (byte) id, (byte) (flags >> 8), (byte) flags, (byte) (qd >> 8), (byte) qd,
        (byte) (an >> 8), (byte) an, (byte) (ns >> 8), (byte) ns, (byte) (ar >> 8), (byte) ar};
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }

  private Wire.Reply udpReply(byte[] message) throws Exception {
    return Wire.parse(dns.udp(message, Duration.ofSeconds(2)).orElseThrow(() -> new AssertionError("no reply")));
  }

  @Test
  void aTruncatedHeaderIsDropped() throws Exception {
    assertThat(dns.udp(new byte[] {1, 2, 3, 4, 5}, Duration.ofMillis(300))).isEmpty();
  }

  @Test
  void aHeaderPromisingAQuestionThatIsMissingIsFormerrWithTheSameId() throws Exception {
    Wire.Reply r = udpReply(header(0xBEEF, 0x0100, 1, 0, 0, 0));
    assertThat(r.id()).isEqualTo(0xBEEF);
    assertThat(r.rcode()).isEqualTo(1);
  }

  @Test
  void aCompressionPointerLoopIsFormerr() throws Exception {
    byte[] selfPointer = concat(header(7, 0x0100, 1, 0, 0, 0), new byte[] {(byte) 0xC0, 12, 0, 1, 0, 1});
    assertThat(udpReply(selfPointer).rcode()).isEqualTo(1);
    byte[] twoStep = concat(header(8, 0x0100, 1, 0, 0, 0), new byte[] {1, 'a', (byte) 0xC0, 12, 0, 1, 0, 1});
    assertThat(udpReply(twoStep).rcode()).isEqualTo(1);
  }

  @Test
  void aNameWithMoreLabelsThanDnsAllowsIsFormerr() throws Exception {
    ByteArrayOutputStream name = new ByteArrayOutputStream();
    for (int i = 0; i < 200; i++) {
      name.writeBytes(new byte[] {1, 'x'});
    }
    name.writeBytes(new byte[] {0, 0, 1, 0, 1});
    assertThat(udpReply(concat(header(9, 0x0100, 1, 0, 0, 0), name.toByteArray())).rcode()).isEqualTo(1);
  }

  @Test
  void twoQuestionsAreFormerrAndAnUnknownOpcodeIsNotimp() throws Exception {
    assertThat(udpReply(header(10, 0x0100, 2, 0, 0, 0)).rcode()).isEqualTo(1);
    assertThat(udpReply(header(11, 0x2100, 1, 0, 0, 0)).rcode()).isEqualTo(4);
  }

  @Test
  void aResponseSentToTheServerIsDroppedSoServersCannotBeMadeToPingPong() throws Exception {
    byte[] q = Wire.query(12, KUBERNETES, Rdata.A, 0);
    q[2] |= (byte) 0x80;
    assertThat(dns.udp(q, Duration.ofMillis(300))).isEmpty();
  }

  @Test
  void recordCountsLargerThanTheMessageAreFormerr() throws Exception {
    byte[] q = Wire.query(13, KUBERNETES, Rdata.A, 0);
    q[11] = (byte) 0xFF;
    q[10] = (byte) 0xFF;
    assertThat(udpReply(q).rcode()).isEqualTo(1);
  }

  @Test
  void theDecoderTurnsRandomAndMutatedMessagesIntoOutcomesNeverExceptions() {
    Random random = new Random(20261206L);
    byte[] valid = Wire.query(1, KUBERNETES, Rdata.A, 1232);
    int formerr = 0;
    for (int i = 0; i < ITERATIONS * 10; i++) {
      byte[] m = i % 2 == 0 ? randomBytes(random) : mutate(valid, random);
      QueryDecoder.Decoded d = new QueryDecoder().decode(Unpooled.wrappedBuffer(m));
      if (d instanceof QueryDecoder.Reject) {
        formerr++;
      }
    }
    assertThat(formerr).isPositive();
  }

  /**
   * A valid query among the flood, retried as a stub resolver does (dig's default is 3 tries): on
   * a loaded machine the socket's receive queue can be full of the junk just sent, and a datagram
   * dropped there is lost before the server sees it.
   */
  private java.util.List<String> answeredWithinTries(int tries) throws Exception {
    for (int t = 1; ; t++) {
      try {
        return dns.udp(KUBERNETES, Rdata.A).answer();
      } catch (java.util.NoSuchElementException timedOut) {
        if (t == tries) {
          throw new AssertionError("no answer to a valid query in " + tries + " tries of 2 s", timedOut);
        }
      }
    }
  }

  @Test
  void randomAndMutatedDatagramsNeverStopTheServerAnsweringOthers() throws Exception {
    Random random = new Random(42L);
    byte[] valid = Wire.query(1, KUBERNETES, Rdata.A, 0);
    try (java.net.DatagramSocket s = new java.net.DatagramSocket()) {
      for (int i = 0; i < ITERATIONS; i++) {
        byte[] m = i % 2 == 0 ? randomBytes(random) : mutate(valid, random);
        s.send(new java.net.DatagramPacket(m, m.length, dns.address()));
        if (i % 2000 == 0) {
          assertThat(answeredWithinTries(3)).containsExactly(KUBERNETES + " A 30 10.96.0.1");
        }
      }
    }
    assertThat(answeredWithinTries(3)).containsExactly(KUBERNETES + " A 30 10.96.0.1");
    assertThat(dns.tcp(KUBERNETES, Rdata.A).answer()).containsExactly(KUBERNETES + " A 30 10.96.0.1");
  }

  @Test
  void garbageInsideATcpFrameIsFormerrAndTheConnectionKeepsWorking() throws Exception {
    try (java.net.Socket s = new java.net.Socket(dns.address().getAddress(), dns.address().getPort())) {
      s.setSoTimeout(2000);
      var out = new java.io.DataOutputStream(s.getOutputStream());
      var in = new java.io.DataInputStream(s.getInputStream());
      byte[] bad = concat(header(0x1234, 0x0100, 1, 0, 0, 0), new byte[] {(byte) 0xC0, 12});
      byte[] good = Wire.query(0x5678, KUBERNETES, Rdata.A, 0);
      for (byte[] m : List.of(bad, good)) {
        out.writeShort(m.length);
        out.write(m);
      }
      out.flush();
      Wire.Reply first = read(in);
      Wire.Reply second = read(in);
      assertThat(first.id()).isEqualTo(0x1234);
      assertThat(first.rcode()).isEqualTo(1);
      assertThat(second.answer()).hasSize(1);
    }
  }

  private static Wire.Reply read(java.io.DataInputStream in) throws java.io.IOException {
    byte[] m = new byte[in.readUnsignedShort()];
    in.readFully(m);
    return Wire.parse(m);
  }

  private static byte[] randomBytes(Random random) {
    byte[] m = new byte[random.nextInt(600)];
    random.nextBytes(m);
    if (m.length > 5 && random.nextBoolean()) {
      m[2] &= 0x07; // a query with opcode QUERY, so the decoder goes past the header
      m[4] = 0;
      m[5] = 1;
    }
    return m;
  }

  /** A valid query with a few bytes flipped, cut short or extended: reaches the deep paths random bytes rarely do. */
  private static byte[] mutate(byte[] valid, Random random) {
    byte[] m = java.util.Arrays.copyOf(valid, random.nextInt(4) == 0 ? random.nextInt(valid.length + 40) : valid.length);
    for (int k = random.nextInt(4) + 1; k > 0; k--) {
      int at = 12 + random.nextInt(Math.max(1, m.length - 12));
      if (at < m.length) {
        m[at] = random.nextInt(3) == 0 ? (byte) 0xC0 : (byte) random.nextInt(256);
      }
    }
    return m;
  }
}
