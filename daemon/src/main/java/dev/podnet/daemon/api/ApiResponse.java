package dev.podnet.daemon.api;

import java.util.Map;

/** What an endpoint answers: one JSON value, or a stream written as it comes. */
public sealed interface ApiResponse {

  record Json(int code, Object body) implements ApiResponse {}

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
}
