package dev.podnet.daemon.api;

import java.util.List;
import java.util.Map;

/** What an endpoint answers: one JSON value, or a stream written as it comes. */
public sealed interface ApiResponse {

  /** {@code headers}: extra response headers, a name to its values (several {@code Warning}s). */
  record Json(int code, Object body, Map<String, List<String>> headers) implements ApiResponse {
    public Json {
      headers = Map.copyOf(headers);
    }

    public Json(int code, Object body) {
      this(code, body, Map.of());
    }
  }

  record Text(int code, String body) implements ApiResponse {}

  /**
   * A body in its own media type, with headers of its own: aggregated discovery names its shape in
   * the Content-Type; OpenAPI documents carry an ETag.
   */
  record Bytes(int code, String contentType, Map<String, String> headers, byte[] body) implements ApiResponse {

    public Bytes {
      headers = Map.copyOf(headers);
    }
  }

  /** A chunked stream: {@code producer} writes until it returns, or until the client goes away. */
  record Stream(String contentType, StreamProducer producer) implements ApiResponse {}

  /** A switch of protocol: the server answers 101 and hands the connection to the session, which owns it from then on. */
  sealed interface Upgrade extends ApiResponse {
    UpgradeSession session();
  }

  /** To WebSocket, with {@code subprotocol} (already negotiated). */
  record WebSocket(String subprotocol, UpgradeSession session) implements Upgrade {}

  /** To SPDY/3.1 ({@code Upgrade: SPDY/3.1}), for the Kubernetes stream protocol {@code streamProtocol}. */
  record Spdy(String streamProtocol, UpgradeSession session) implements Upgrade {}

  interface StreamProducer {
    void produce(StreamSink sink) throws Exception;
  }

  /** Where a stream writes; {@link #isOpen()} turns false when the client disconnects. */
  interface StreamSink {
    void write(String chunk);

    boolean isOpen();

    /** Runs {@code r} when the client disconnects (to close a watch). */
    void onClose(Runnable r);
  }

  static ApiResponse json(int code, Object body) {
    return new Json(code, body);
  }

  static ApiResponse ok(Object body) {
    return new Json(200, body);
  }

  /**
   * {@code r} with a {@code Warning: 299 - "..."} header per warning, as Kubernetes returns
   * warnings; kubectl prints them as {@code Warning: ...}.
   */
  static ApiResponse withWarnings(ApiResponse r, List<String> warnings) {
    if (warnings.isEmpty() || !(r instanceof Json j)) {
      return r;
    }
    List<String> values = warnings.stream().map(w -> "299 - \"" + w.replace("\\", "\\\\").replace("\"", "\\\"") + "\"").toList();
    return new Json(j.code(), j.body(), Map.of("Warning", values));
  }
}
