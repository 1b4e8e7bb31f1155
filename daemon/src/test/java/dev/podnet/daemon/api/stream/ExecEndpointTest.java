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

/** Everything exec refuses is refused before the upgrade, as a Status kubectl can print. */
class ExecEndpointTest {
  private static final Map<String, String> WEBSOCKET = Map.of("Upgrade", "websocket", "Connection", "Upgrade", "Sec-WebSocket-Version", "13",
      "Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ==", "Sec-WebSocket-Protocol", "v5.channel.k8s.io, v4.channel.k8s.io, channel.k8s.io");
  private static final String URI = "/api/v1/namespaces/default/pods/%s/exec?command=sh&command=-c&command=echo%%20hi&stdout=true&stderr=true%s";

  @TempDir
  Path dir;
  private TestPods pods;
  private ExecEndpoint exec;

  @BeforeEach
  void pods() {
    pods = new TestPods(dir).with("web", "app").with("two", "a", "b");
    pods.running("web", "app", 4242);
    exec = new ExecEndpoint(pods);
  }

  private ApiResponse exec(String pod, String extra, Map<String, String> headers) {
    return exec.exec(ApiRequest.of("POST", URI.formatted(pod, extra), headers, Caller.ADMIN, new byte[0]), "default", pod);
  }

  private ApiError refused(String pod, String extra, Map<String, String> headers) {
    return catchThrowableOfType(ApiError.class, () -> exec(pod, extra, headers));
  }

  @Test
  void aRunningContainerIsUpgradedWithTheNewestProtocolOffered() {
    ApiResponse r = exec("web", "", WEBSOCKET);
    assertThat(r).isInstanceOfSatisfying(ApiResponse.WebSocket.class, w -> assertThat(w.subprotocol()).isEqualTo("v5.channel.k8s.io"));
  }

  @Test
  void aMissingPodIsNotFound() {
    ApiError e = refused("nope", "", WEBSOCKET);
    assertThat(e.code()).isEqualTo(404);
    assertThat(e.getMessage()).isEqualTo("pods \"nope\" not found");
  }

  @Test
  void anUnknownOrStoppedContainerIsNotValidForThePod() {
    assertThat(refused("web", "&container=db", WEBSOCKET).getMessage()).isEqualTo("container db is not valid for pod web");
    pods.stopped("web", "app");
    ApiError e = refused("web", "&container=app", WEBSOCKET);
    assertThat(e.code()).isEqualTo(400);
    assertThat(e.getMessage()).isEqualTo("container app is not valid for pod web");
  }

  @Test
  void aPodWithSeveralContainersNeedsOneNamed() {
    assertThat(refused("two", "", WEBSOCKET).getMessage()).isEqualTo("a container name must be specified for pod two, choose one of: [a b]");
  }

  @Test
  void withoutACommandThereIsNothingToRun() {
    ApiRequest r = ApiRequest.of("POST", "/api/v1/namespaces/default/pods/web/exec?stdout=true", WEBSOCKET, Caller.ADMIN, new byte[0]);
    ApiError e = catchThrowableOfType(ApiError.class, () -> exec.exec(r, "default", "web"));
    assertThat(e.getMessage()).isEqualTo("you must specify at least one command for the container");
  }

  @Test
  void spdyIsServedInV4TheFirstVersionWithExitCodes() {
    // kubectl 1.20 sends one X-Stream-Protocol-Version per version; podnetd sees them joined by commas
    ApiResponse r = exec("web", "", Map.of("Upgrade", "SPDY/3.1", "Connection", "Upgrade",
        "X-Stream-Protocol-Version", "v4.channel.k8s.io,v3.channel.k8s.io,v2.channel.k8s.io,channel.k8s.io"));
    assertThat(r).isInstanceOfSatisfying(ApiResponse.Spdy.class, s -> assertThat(s.streamProtocol()).isEqualTo("v4.channel.k8s.io"));
  }

  @Test
  void spdyWithoutV4IsRefusedNamingWhatIsSpoken() {
    ApiError e = refused("web", "", Map.of("Upgrade", "SPDY/3.1", "X-Stream-Protocol-Version", "v2.channel.k8s.io,channel.k8s.io"));
    assertThat(e.code()).isEqualTo(400);
    assertThat(e.getMessage()).contains("v4.channel.k8s.io").contains("\"v2.channel.k8s.io,channel.k8s.io\"");
  }

  @Test
  void aPlainRequestOrAnOldProtocolIsRefused() {
    assertThat(refused("web", "", Map.of()).getMessage()).startsWith("Upgrade request required");
    Map<String, String> old = Map.of("Upgrade", "websocket", "Sec-WebSocket-Protocol", "channel.k8s.io");
    assertThat(refused("web", "", old).getMessage()).contains("it speaks v5.channel.k8s.io, v4.channel.k8s.io");
  }
}
