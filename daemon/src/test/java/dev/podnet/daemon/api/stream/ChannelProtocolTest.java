package dev.podnet.daemon.api.stream;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.podnet.api.Json;
import io.netty.buffer.ByteBufUtil;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChannelProtocolTest {

  @Test
  void theClientsFirstSpokenOfferWins() {
    assertThat(ChannelProtocol.negotiate("v5.channel.k8s.io, v4.channel.k8s.io, v3.channel.k8s.io, v2.channel.k8s.io, channel.k8s.io"))
        .contains(ChannelProtocol.V5);
    assertThat(ChannelProtocol.negotiate("v4.channel.k8s.io,v5.channel.k8s.io")).contains(ChannelProtocol.V4);
  }

  @Test
  void protocolsBeforeV4AreNotSpoken() {
    assertThat(ChannelProtocol.negotiate("v3.channel.k8s.io, channel.k8s.io, base64.channel.k8s.io")).isEmpty();
    assertThat(ChannelProtocol.negotiate("")).isEmpty();
  }

  @Test
  void onlyV5CanCloseAStream() {
    assertThat(ChannelProtocol.V5.closesStreams()).isTrue();
    assertThat(ChannelProtocol.V4.closesStreams()).isFalse();
  }

  @Test
  void aFrameIsItsChannelByteThenTheData() {
    BinaryWebSocketFrame f = ChannelProtocol.frame(ChannelProtocol.STDERR, "oops!".getBytes(StandardCharsets.UTF_8), 4);
    try {
      assertThat(ByteBufUtil.getBytes(f.content())).containsExactly(2, 'o', 'o', 'p', 's');
    } finally {
      f.release();
    }
  }

  @Test
  void aNonZeroExitIsAFailureWithTheExitCodeAsCause() {
    JsonNode s = Json.mapper().valueToTree(Json.read(new String(ExecStatus.exited(3, List.of("sh", "-c", "exit 3")), StandardCharsets.UTF_8), Object.class));
    assertThat(s.path("status").asText()).isEqualTo("Failure");
    assertThat(s.path("reason").asText()).isEqualTo("NonZeroExitCode");
    assertThat(s.path("details").path("causes").get(0).path("reason").asText()).isEqualTo("ExitCode");
    assertThat(s.path("details").path("causes").get(0).path("message").asText()).isEqualTo("3");
  }

  @Test
  void aZeroExitIsSuccessWithoutDetails() {
    JsonNode s = Json.mapper().valueToTree(Json.read(new String(ExecStatus.exited(0, List.of("true")), StandardCharsets.UTF_8), Object.class));
    assertThat(s.path("status").asText()).isEqualTo("Success");
    assertThat(s.has("details")).isFalse();
  }
}
