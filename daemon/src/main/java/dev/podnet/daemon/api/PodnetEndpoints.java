package dev.podnet.daemon.api;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** podnet's own endpoints: the cluster, a pod's sandbox (for exec), a node's namespaces, container logs. */
public final class PodnetEndpoints {

  /** What the endpoints need from the running daemon. */
  public interface Cluster {
    Map<String, Object> info();

    /** Starts tearing the whole cluster down (after the reply is sent). */
    void teardown();

    /** node, netns, uts and the running containers' pids of a pod, if it runs here. */
    Optional<Map<String, Object>> sandbox(String namespace, String pod);

    Optional<Map<String, Object>> nodeNamespaces(String node);

    /** The log file of a container of a pod (default: the first container). */
    Optional<Path> log(String namespace, String pod, String container);
  }

  private final Cluster cluster;

  public PodnetEndpoints(Cluster cluster) {
    this.cluster = cluster;
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
    Path file = cluster.log(namespace, pod, r.param("container", ""))
        .orElseThrow(() -> ApiError.badRequest("container \"" + r.param("container", "") + "\" in pod \"" + pod + "\" is not known or has no log yet"));
    int tail = Integer.parseInt(r.param("tailLines", "-1"));
    if (!r.flag("follow")) {
      return new ApiResponse.Text(200, read(file, tail));
    }
    return new ApiResponse.Stream("text/plain; charset=utf-8", sink -> {
      String first = read(file, tail);
      sink.write(first);
      long pos = Files.exists(file) ? Files.size(file) : 0;
      while (sink.isOpen() && cluster.sandbox(namespace, pod).isPresent()) {
        long size = Files.exists(file) ? Files.size(file) : 0;
        if (size > pos) {
          try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
            f.seek(pos);
            byte[] b = new byte[(int) Math.min(size - pos, 1 << 20)];
            f.readFully(b);
            pos += b.length;
            sink.write(new String(b, StandardCharsets.UTF_8));
          }
        } else {
          Thread.sleep(200);
        }
      }
    });
  }

  private static String read(Path file, int tailLines) {
    try {
      if (!Files.exists(file)) {
        return "";
      }
      List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
      if (tailLines >= 0 && lines.size() > tailLines) {
        lines = new ArrayList<>(lines.subList(lines.size() - tailLines, lines.size()));
      }
      return lines.isEmpty() ? "" : String.join("\n", lines) + "\n";
    } catch (IOException e) {
      throw new ApiError(500, "InternalError", "cannot read log " + file + ": " + e.getMessage());
    }
  }
}
