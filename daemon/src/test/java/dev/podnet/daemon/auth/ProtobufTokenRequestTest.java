package dev.podnet.daemon.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.podnet.daemon.api.ApiError;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ProtobufTokenRequestTest {
  private static byte[] len(int field, byte[] v) {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    b.write(field << 3 | 2);
    b.write(v.length);
    b.writeBytes(v);
    return b.toByteArray();
  }

  private static byte[] str(int field, String s) {
    return len(field, s.getBytes(StandardCharsets.UTF_8));
  }

  private static byte[] cat(byte[]... parts) {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      b.writeBytes(p);
    }
    return b.toByteArray();
  }

  /** 1200 as a varint after the key of field 4. */
  private static final byte[] EXPIRATION = {4 << 3, (byte) 0xb0, 0x09};

  @Test
  void kubectlsEnvelopeIsReadIntoTheJsonShape() {
    byte[] spec = cat(str(1, "vault"), len(3, cat(str(1, "Pod"), str(2, "v1"), str(3, "web"))), EXPIRATION);
    byte[] tokenRequest = cat(len(1, new byte[0]), len(2, spec), len(3, new byte[0]));
    byte[] typeMeta = cat(str(1, "authentication.k8s.io/v1"), str(2, "TokenRequest"));
    byte[] body = cat(new byte[] {'k', '8', 's', 0}, len(1, typeMeta), len(2, tokenRequest), str(4, ""));
    ObjectNode r = ProtobufTokenRequest.read(body);
    assertThat(r.path("spec").path("expirationSeconds").asLong()).isEqualTo(1200);
    assertThat(r.path("spec").path("audiences").get(0).asText()).isEqualTo("vault");
    assertThat(r.path("spec").path("boundObjectRef").path("kind").asText()).isEqualTo("Pod");
    assertThat(r.path("spec").path("boundObjectRef").path("name").asText()).isEqualTo("web");
  }

  @Test
  void anEmptySpecIsEmptyAndGarbageIsABadRequest() {
    byte[] body = cat(new byte[] {'k', '8', 's', 0}, len(2, len(2, new byte[0])));
    assertThat(ProtobufTokenRequest.read(body).path("spec").size()).isZero();
    assertThatThrownBy(() -> ProtobufTokenRequest.read("{}".getBytes(StandardCharsets.UTF_8))).isInstanceOfSatisfying(ApiError.class,
        e -> assertThat(e.code()).isEqualTo(400));
  }
}
