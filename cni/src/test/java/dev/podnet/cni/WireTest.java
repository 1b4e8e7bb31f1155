package dev.podnet.cni;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WireTest {
  @Test
  void requestsAndRepliesSurviveTheSocketWithAnyText() {
    String config = "{\"cniVersion\":\"1.1.0\",\"name\":\"n\\u00e9t\",\"x\":[1,2.5,true,null,{\"a\":\"\\\"q\\\"\\n\"}]}\n\t";
    CniRequest req = new CniRequest(CniCommand.ADD, "c1", "/proc/1/ns/net", "eth0", "IgnoreUnknown=1;K=V", "/opt/cni/bin", config);
    CniResponse reply = new CniResponse(1, "{\"msg\":\"tab\there \u0001 \\\\ done\"}");

    assertThat(CniRequest.fromJson(req.toJson())).isEqualTo(req);
    assertThat(CniResponse.fromJson(reply.toJson())).isEqualTo(reply);
  }

  @Test
  void jsonTextReadsWhatJacksonWrites() throws Exception {
    String json = NetworkConfig.JSON.writeValueAsString(Map.of("k", List.of(1, -2, 3.5e3, "s\u2603", false)));

    assertThat(JsonText.parse(json)).isEqualTo(Map.of("k", List.of(1L, -2L, 3500.0, "s\u2603", false)));
  }

  @Test
  void malformedConfigIsADecodeError() {
    for (String bad : List.of("{\"cniVersion\":", "{\"a\" 1}", "[1,]", "{} x", "tru", "")) {
      assertThatThrownBy(() -> CniClient.socketOf(bad)).isInstanceOfSatisfying(CniException.class,
          e -> assertThat(e.code()).as(bad).isEqualTo(CniException.DECODE_FAILURE));
    }
    assertThat(CniClient.socketOf("{\"cniVersion\":\"1.0.0\"}")).isEqualTo(CniClient.DEFAULT_SOCKET);
  }
}
