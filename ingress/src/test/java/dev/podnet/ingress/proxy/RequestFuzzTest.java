package dev.podnet.ingress.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.podnet.ingress.route.RouteTable;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The request path podnet owns (decoder settings, {@link RequestGate}, {@link HostHeader}, the
 * front handler's local answers) fed random and mutated bytes in random pieces: no exception
 * escapes, nothing hangs, and whatever comes back is an HTTP/1.1 response.
 */
class RequestFuzzTest {
  private static final List<String> SEEDS = List.of(
      "GET / HTTP/1.1\r\nHost: foo.bar.com\r\n\r\n",
      "POST /up HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello",
      "POST /up HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n",
      "GET http://foo.com/a?b HTTP/1.1\r\nHost: [::1]:80\r\n\r\n",
      "GET / HTTP/1.0\r\n\r\n",
      "OPTIONS * HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n");

  private static byte[] mutate(byte[] seed, Random r) {
    byte[] b = seed.clone();
    int edits = 1 + r.nextInt(6);
    for (int i = 0; i < edits; i++) {
      int at = r.nextInt(b.length);
      switch (r.nextInt(4)) {
        case 0 -> b[at] = (byte) r.nextInt(256);
        case 1 -> b[at] = (byte) "\r\n: ,;\0/[]".charAt(r.nextInt(10));
        case 2 -> b = java.util.Arrays.copyOf(b, at + 1);
        default -> {
          byte[] grown = new byte[b.length + 8];
          System.arraycopy(b, 0, grown, 0, at);
          System.arraycopy(b, at, grown, at + 8, b.length - at);
          for (int k = 0; k < 8; k++) {
            grown[at + k] = b[at];
          }
          b = grown;
        }
      }
    }
    return b;
  }

  private static byte[] input(Random r, int round) {
    if (round % 5 == 0) {
      byte[] noise = new byte[r.nextInt(2048)];
      r.nextBytes(noise);
      return noise;
    }
    return mutate(SEEDS.get(r.nextInt(SEEDS.size())).getBytes(StandardCharsets.ISO_8859_1), r);
  }

  /** Writes {@code bytes} in random pieces. */
  private static void feed(EmbeddedChannel ch, byte[] bytes, Random r) {
    int at = 0;
    while (at < bytes.length && ch.isOpen()) {
      int n = 1 + r.nextInt(Math.min(64, bytes.length - at));
      ch.writeInbound(Unpooled.wrappedBuffer(bytes, at, n));
      at += n;
    }
  }

  @Test
  void theDecoderAndTheGateAnswerEveryInputWithAVerdictAndNeverThrow() {
    Random r = new Random(13);
    assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
      for (int round = 0; round < 20_000; round++) {
        EmbeddedChannel ch = new EmbeddedChannel(new StrictRequestDecoder(ProxyConfig.DEFAULTS));
        feed(ch, input(r, round), r);
        ch.finish();
        for (Object m; (m = ch.readInbound()) != null;) {
          if (m instanceof HttpRequest req) {
            assertThat(RequestGate.check(req)).isNotNull();
          }
          ReferenceCountUtil.release(m);
        }
        ch.checkException();
      }
    });
  }

  @Test
  void theFrontAnswersEveryInputWithHttpResponsesOnly() {
    Random r = new Random(31);
    ProxyContext pc = new ProxyContext(RouteTable::empty, new Pools(io.netty.channel.socket.nio.NioSocketChannel.class, ProxyConfig.DEFAULTS),
        ProxyConfig.DEFAULTS, rec -> { }, "http", 80);
    assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
      for (int round = 0; round < 10_000; round++) {
        EmbeddedChannel ch = new EmbeddedChannel(new StrictRequestDecoder(ProxyConfig.DEFAULTS), new FrontEncoder(), new FrontHandler(pc, false));
        feed(ch, input(r, round), r);
        ch.runPendingTasks();
        StringBuilder out = new StringBuilder();
        for (Object m; (m = ch.readOutbound()) != null;) {
          out.append(((ByteBuf) m).toString(StandardCharsets.ISO_8859_1));
          ReferenceCountUtil.release(m);
        }
        if (out.length() > 0) {
          assertThat(out.toString()).startsWith("HTTP/1.1 ");
        }
        ch.checkException();
        ch.finishAndReleaseAll();
      }
    });
  }

  @Test
  void headerNamesAndValuesTheClientSentAreValidatedAsTheyAreDecoded() {
    for (String header : List.of("X-A: a\u0001b", "X-A: a\u0000b", "X-A: a\u007fb", "X\u0001A: b", "X(A): b", "X A: b")) {
      EmbeddedChannel ch = new EmbeddedChannel(new StrictRequestDecoder(ProxyConfig.DEFAULTS));
      ch.writeInbound(Unpooled.copiedBuffer("GET / HTTP/1.1\r\nHost: x\r\n" + header + "\r\n\r\n", StandardCharsets.ISO_8859_1));
      HttpRequest req = ch.readInbound();
      assertThat(RequestGate.check(req)).as(header).isInstanceOf(RequestGate.Refuse.class);
      ch.finishAndReleaseAll();
    }
  }

  @Test
  void conflictingFramingIsAlwaysRefusedHoweverTheHeadersAreSpelled() {
    for (String te : List.of("chunked", "Chunked", " chunked", "gzip, chunked")) {
      for (String order : List.of("CL first", "TE first")) {
        String headers = order.equals("CL first") ? "Content-Length: 3\r\nTransfer-Encoding: " + te : "Transfer-Encoding: " + te + "\r\nContent-Length: 3";
        EmbeddedChannel ch = new EmbeddedChannel(new StrictRequestDecoder(ProxyConfig.DEFAULTS));
        ch.writeInbound(Unpooled.copiedBuffer("POST / HTTP/1.1\r\nHost: x\r\n" + headers + "\r\n\r\n0\r\n\r\n", StandardCharsets.ISO_8859_1));
        HttpRequest req = ch.readInbound();
        assertThat(RequestGate.check(req)).as(headers).isInstanceOf(RequestGate.Refuse.class);
        ch.finishAndReleaseAll();
      }
    }
  }

  @Test
  void hostHeadersAreNamesOrAddressesWithAnOptionalPort() {
    assertThat(HostHeader.name("Foo.Bar.com:8080")).isEqualTo("foo.bar.com");
    assertThat(HostHeader.name("[::1]:443")).isEqualTo("[::1]");
    assertThat(HostHeader.name("10.0.0.1")).isEqualTo("10.0.0.1");
    for (String bad : List.of("", "a b", "evil.com/x", "user@host", "host:99999", "host:8o", "[::1", "[zz]", "a\tb")) {
      assertThat(HostHeader.name(bad)).as(bad).isNull();
    }
  }

  @Test
  void targetsInAbsoluteFormGiveTheirHostAndPath() {
    assertThat(RequestGate.Target.parse("http://foo.com/a/b?c")).isEqualTo(new RequestGate.Target("foo.com", "/a/b"));
    assertThat(RequestGate.Target.parse("https://foo.com?x")).isEqualTo(new RequestGate.Target("foo.com", "/"));
    assertThat(RequestGate.Target.parse("/p?q")).isEqualTo(new RequestGate.Target(null, "/p"));
    assertThat(RequestGate.Target.parse("ftp://x/")).isNull();
  }
}
