package dev.podnet.daemon.api.stream;

import dev.podnet.daemon.api.ApiError;
import dev.podnet.daemon.api.ApiRequest;
import dev.podnet.daemon.api.ApiResponse;
import dev.podnet.kernel.Netns;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.Arrays;
import java.util.Locale;

/**
 * {@code GET|POST /api/v1/namespaces/NS/pods/NAME/portforward}. kubectl 1.31+ first asks for
 * SPDY tunneled in WebSocket ({@code SPDY/3.1+portforward.k8s.io}), older clients and client-go's
 * fallback for a plain {@code Upgrade: SPDY/3.1}: both are served, by the same
 * {@link PortForwardSession}, which connects to the pod's ports on its localhost, as kubelet does.
 */
public final class PortForwardEndpoint {
  static final String STREAM_PROTOCOL = "portforward.k8s.io";
  static final String TUNNEL = "SPDY/3.1+portforward.k8s.io";

  private final PodContainers containers;

  public PortForwardEndpoint(PodContainers containers) {
    this.containers = containers;
  }

  public ApiResponse portForward(ApiRequest r, String namespace, String name) {
    if (!r.method().equals("GET") && !r.method().equals("POST")) {
      throw new ApiError(405, "MethodNotAllowed", "portforward takes GET or POST, not " + r.method());
    }
    Pod pod = ContainerChoice.pod(containers, namespace, name);
    r.params("ports").forEach(PortForwardEndpoint::port);
    Netns netns = containers.netns(pod)
        .orElseThrow(() -> ApiError.badRequest("pod " + name + " is not running on a node, so it has no ports to forward to"));
    String upgrade = r.header("upgrade", "").toLowerCase(Locale.ROOT);
    PortForwardSession session = new PortForwardSession(netns, namespace + "/" + name, upgrade.equals("websocket"));
    if (upgrade.equals("websocket")) {
      String offered = r.header("sec-websocket-protocol", "");
      if (Arrays.stream(offered.split(",")).map(String::strip).noneMatch(TUNNEL::equals)) {
        throw ApiError.badRequest("port-forward over WebSocket takes the subprotocol " + TUNNEL + ", not \"" + offered + "\"");
      }
      return new ApiResponse.WebSocket(TUNNEL, session);
    }
    if (upgrade.startsWith("spdy/3.1")) {
      String versions = r.header("x-stream-protocol-version", "");
      if (Arrays.stream(versions.split(",")).map(String::strip).noneMatch(STREAM_PROTOCOL::equals)) {
        throw ApiError.badRequest("port-forward speaks " + STREAM_PROTOCOL + ", the client offered X-Stream-Protocol-Version \"" + versions + "\"");
      }
      return new ApiResponse.Spdy(STREAM_PROTOCOL, session);
    }
    throw ApiError.badRequest("Upgrade request required: port-forward streams over SPDY/3.1, or SPDY in WebSocket (" + TUNNEL + ")");
  }

  static int port(String value) {
    try {
      int p = Integer.parseInt(value);
      if (p >= 1 && p <= 65535) {
        return p;
      }
    } catch (NumberFormatException e) {
      // answered below
    }
    throw ApiError.badRequest("invalid port \"" + value + "\": a port is a number from 1 to 65535");
  }
}
