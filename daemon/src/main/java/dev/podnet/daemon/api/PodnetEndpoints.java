package dev.podnet.daemon.api;

import dev.podnet.daemon.api.stream.ExecEndpoint;
import dev.podnet.daemon.api.stream.LogEndpoint;
import dev.podnet.daemon.api.stream.PodContainers;
import dev.podnet.daemon.api.stream.PortForwardEndpoint;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** podnet's own endpoints (the cluster, a pod's sandbox, a node's namespaces), and pods' log, exec and port-forward. */
public final class PodnetEndpoints {

  /** What the endpoints need from the running daemon. */
  public interface Cluster extends PodContainers {
    Map<String, Object> info();

    /** Starts tearing the whole cluster down (after the reply is sent). */
    void teardown();

    /** node, netns, uts and the running containers' pids of a pod, if it runs here. */
    Optional<Map<String, Object>> sandbox(String namespace, String pod);

    Optional<Map<String, Object>> nodeNamespaces(String node);
  }

  private final Cluster cluster;
  private final LogEndpoint logs;
  private final ExecEndpoint exec;
  private final PortForwardEndpoint portForward;

  public PodnetEndpoints(Cluster cluster) {
    this.cluster = cluster;
    this.logs = new LogEndpoint(cluster);
    this.exec = new ExecEndpoint(cluster);
    this.portForward = new PortForwardEndpoint(cluster);
  }

  /** {@code seg} after {@code /apis/podnet.dev/v1}. */
  public ApiResponse handle(ApiRequest r, List<String> seg) {
    if (seg.equals(List.of("cluster"))) {
      if (r.method().equals("DELETE")) {
        cluster.teardown();
        return ApiResponse.ok(Map.of("kind", "Status", "apiVersion", "v1", "status", "Success", "message", "tearing the cluster down"));
      }
      return ApiResponse.ok(cluster.info());
    }
    if (seg.size() == 5 && seg.get(0).equals("namespaces") && seg.get(2).equals("pods") && seg.get(4).equals("sandbox")) {
      return ApiResponse.ok(cluster.sandbox(seg.get(1), seg.get(3))
          .orElseThrow(() -> ApiError.notFound("pod " + seg.get(1) + "/" + seg.get(3) + " is not running on any node (no sandbox)")));
    }
    if (seg.size() == 3 && seg.get(0).equals("nodes") && seg.get(2).equals("namespaces")) {
      return ApiResponse.ok(cluster.nodeNamespaces(seg.get(1)).orElseThrow(() -> ApiError.notFound("nodes \"" + seg.get(1) + "\" not found")));
    }
    throw ApiError.notFound("the server could not find the requested resource " + r.path());
  }

  /** {@code GET /api/v1/namespaces/NS/pods/NAME/log}. */
  public ApiResponse log(ApiRequest r, String namespace, String pod) {
    return logs.log(r, namespace, pod);
  }

  /** {@code GET|POST /api/v1/namespaces/NS/pods/NAME/exec}, over WebSocket. */
  public ApiResponse exec(ApiRequest r, String namespace, String pod) {
    return exec.exec(r, namespace, pod);
  }

  /** {@code GET|POST /api/v1/namespaces/NS/pods/NAME/portforward}, over SPDY or SPDY in WebSocket. */
  public ApiResponse portForward(ApiRequest r, String namespace, String pod) {
    return portForward.portForward(r, namespace, pod);
  }
}
