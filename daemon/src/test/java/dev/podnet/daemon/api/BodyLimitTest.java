package dev.podnet.daemon.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpServerCodec;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class BodyLimitTest {
  private static String request(int length) {
    return "POST /api/v1/namespaces/default/configmaps HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: " + length + "\r\n\r\n";
  }

  @Test
  void aBodyOverThreeMebibytesIsAnsweredWith413AndAStatusNotADroppedConnection() {
    EmbeddedChannel ch = new EmbeddedChannel(new HttpServerCodec(), new BodyLimit());
    ch.writeInbound(Unpooled.copiedBuffer(request(BodyLimit.MAX_BYTES + 1), StandardCharsets.US_ASCII));
    StringBuilder answer = new StringBuilder();
    for (ByteBuf out = ch.readOutbound(); out != null; out = ch.readOutbound()) {
      answer.append(out.toString(StandardCharsets.UTF_8));
      out.release();
    }
    assertThat(answer.toString()).startsWith("HTTP/1.1 413").contains("\"reason\":\"RequestEntityTooLarge\"")
        .contains("\"message\":\"Request entity too large: limit is 3145728\"").contains("\"code\":413");
    assertThat((Object) ch.readInbound()).isNull(); // nothing reaches the endpoints
    assertThat(ch.isOpen()).isFalse();
  }

  @Test
  void aBodyAtTheLimitPassesThrough() {
    EmbeddedChannel ch = new EmbeddedChannel(new HttpServerCodec(), new BodyLimit());
    byte[] body = new byte[BodyLimit.MAX_BYTES];
    ch.writeInbound(Unpooled.wrappedBuffer(request(body.length).getBytes(StandardCharsets.US_ASCII), body));
    FullHttpRequest req = ch.readInbound();
    assertThat(req.content().readableBytes()).isEqualTo(BodyLimit.MAX_BYTES);
    req.release();
  }
}
