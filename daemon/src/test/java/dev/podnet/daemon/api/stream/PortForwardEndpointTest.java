package dev.podnet.daemon.api.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.podnet.daemon.api.ApiError;
import dev.podnet.daemon.api.ApiRequest;
import dev.podnet.daemon.api.ApiResponse;
import dev.podnet.daemon.api.Caller;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PortForwardEndpointTest {
  private static final Map<String, String> TUNNEL = Map.of("Upgrade", "websocket", "Sec-WebSocket-Protocol", "SPDY/3.1+portforward.k8s.io");
  private static final Map<String, String> SPDY = Map.of("Upgrade", "SPDY/3.1", "X-Stream-Protocol-Version", "portforward.k8s.io");

  @TempDir
  Path dir;
  private TestPods pods;
  private PortForwardEndpoint endpoint;

  @BeforeEach
  void pods() {
    pods = new TestPods(dir).with("web", "app").with("idle", "app");
    pods.running("web", "app", 4242);
    endpoint = new PortForwardEndpoint(pods);
  }

  private ApiResponse forward(String pod, String query, Map<String, String> headers) {
    return endpoint.portForward(ApiRequest.of("POST", "/api/v1/namespaces/default/pods/" + pod + "/portforward" + query, headers, Caller.ADMIN,
        new byte[0]), "default", pod);
  }

  private ApiError refused(String pod, String query, Map<String, String> headers) {
    return catchThrowableOfType(ApiError.class, () -> forward(pod, query, headers));
  }

  @Test
  void spdyTunneledInWebSocketAndPlainSpdyAreBothServed() {
    assertThat(forward("web", "", TUNNEL)).isInstanceOfSatisfying(ApiResponse.WebSocket.class,
        w -> assertThat(w.subprotocol()).isEqualTo("SPDY/3.1+portforward.k8s.io"));
    assertThat(forward("web", "", SPDY)).isInstanceOfSatisfying(ApiResponse.Spdy.class,
        s -> assertThat(s.streamProtocol()).isEqualTo("portforward.k8s.io"));
  }

  @Test
  void aPodThatIsMissingOrNotRunningHasNoPortsToForwardTo() {
    assertThat(refused("nope", "", TUNNEL).code()).isEqualTo(404);
    ApiError idle = refused("idle", "", TUNNEL);
    assertThat(idle.code()).isEqualTo(400);
    assertThat(idle.getMessage()).isEqualTo("pod idle is not running on a node, so it has no ports to forward to");
  }

  @Test
  void badPortsAndOtherProtocolsAreRefused() {
    assertThat(refused("web", "?ports=8080&ports=70000", SPDY).getMessage()).contains("invalid port \"70000\"");
    assertThat(refused("web", "", Map.of("Upgrade", "websocket", "Sec-WebSocket-Protocol", "v5.channel.k8s.io")).getMessage())
        .contains("takes the subprotocol SPDY/3.1+portforward.k8s.io");
    assertThat(refused("web", "", Map.of("Upgrade", "SPDY/3.1", "X-Stream-Protocol-Version", "v4.channel.k8s.io")).getMessage())
        .contains("port-forward speaks portforward.k8s.io");
    assertThat(refused("web", "", Map.of()).getMessage()).startsWith("Upgrade request required");
  }
}
