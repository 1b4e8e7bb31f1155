package dev.podnet.client;

import com.fasterxml.jackson.databind.JsonNode;
import dev.podnet.api.ResourceType;
import dev.podnet.store.StoreException;
import dev.podnet.store.Watch;
import dev.podnet.store.WatchEvent;
import dev.podnet.store.WatchHandler;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.io.IOException;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One watch over the API as a WebSocket (what client libraries open, and the only watch fabric8's
 * mock server speaks): one text message per event, taken one at a time so they are handed over in
 * order. When the server closes the stream (its watch timeout, a restart) it opens it again from
 * the last resourceVersion it saw, bookmarks included, as client-go's reflector does; a 410 or an
 * ERROR event ends the watch with GONE (the informer lists again), and a server that stays
 * unreachable ends it UNAVAILABLE after a few tries.
 */
final class WatchStream<T extends HasMetadata> implements Watch, WebSocket.Listener {
  private static final Logger log = LoggerFactory.getLogger(WatchStream.class);
  private static final int RECONNECTS = 3;
  private static final ScheduledExecutorService RETRIES = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "watch-retries");
    t.setDaemon(true);
    return t;
  });

  private final ApiStore api;
  private final ResourceType type;
  private final String namespace;
  private final WatchHandler<T> handler;
  private final StringBuilder partial = new StringBuilder();
  private volatile boolean closed;
  private volatile WebSocket socket;
  private volatile long resourceVersion;
  private int failures;

  private WatchStream(ApiStore api, ResourceType type, String namespace, long from, WatchHandler<T> handler) {
    this.api = api;
    this.type = type;
    this.namespace = namespace;
    this.handler = handler;
    this.resourceVersion = from;
  }

  static <T extends HasMetadata> WatchStream<T> start(ApiStore api, ResourceType type, String namespace, long from, WatchHandler<T> handler) {
    WatchStream<T> w = new WatchStream<>(api, type, namespace, from, handler);
    w.open();
    return w;
  }

  private void open() {
    if (closed) {
      return;
    }
    api.openWatch(type, namespace, resourceVersion, this).whenComplete((ws, error) -> {
      if (error == null) {
        socket = ws;
        failures = 0;
        if (closed) {
          ws.abort();
        }
      } else {
        failed(error instanceof CompletionException c && c.getCause() != null ? c.getCause() : error);
      }
    });
  }

  @Override
  public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
    partial.append(data);
    if (last) {
      String message = partial.toString();
      partial.setLength(0);
      try {
        handle(ApiStore.JSON.readTree(message));
      } catch (IOException | RuntimeException e) {
        end(new StoreException(StoreException.Reason.UNAVAILABLE, "watch " + type.plural() + ": unreadable event: " + e.getMessage(), e));
        ws.abort();
        return null;
      }
    }
    ws.request(1);
    return null;
  }

  private void handle(JsonNode event) {
    String kind = event.path("type").asText();
    JsonNode object = event.path("object");
    switch (kind) {
      case "ERROR" -> end(ApiErrors.fromStatus(object.path("code").asInt(500), object, "watch " + type.plural()));
      case "BOOKMARK" -> resourceVersion = Long.parseLong(object.path("metadata").path("resourceVersion").asText("0"));
      case "ADDED", "MODIFIED", "DELETED" -> {
        T obj = ApiStore.decode(object, type);
        resourceVersion = Long.parseLong(obj.getMetadata().getResourceVersion());
        if (!closed) {
          handler.onEvent(new WatchEvent<>(WatchEvent.Type.valueOf(kind), obj));
        }
      }
      default -> log.warn("watch event of unknown type ignored resource={} type={}", type.plural(), kind);
    }
  }

  @Override
  public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
    if (!closed) {
      log.debug("watch closed by the server, resuming resource={} rv={} code={}", type.plural(), resourceVersion, statusCode);
      open();
    }
    return null;
  }

  @Override
  public void onError(WebSocket ws, Throwable error) {
    failed(error);
  }

  private void failed(Throwable error) {
    if (closed) {
      return;
    }
    if (error instanceof WebSocketHandshakeException h) {
      int code = h.getResponse().statusCode();
      Object body = h.getResponse().body();
      JsonNode status = ApiStore.JSON.createObjectNode();
      try {
        if (body instanceof byte[] b && b.length > 0) {
          status = ApiStore.JSON.readTree(b);
        } else if (body instanceof String s && !s.isEmpty()) {
          status = ApiStore.JSON.readTree(s);
        }
      } catch (IOException e) {
        // no Status body: the code says enough
      }
      end(ApiErrors.fromStatus(code, status, "watch " + type.plural()));
      return;
    }
    if (++failures > RECONNECTS) {
      end(new StoreException(StoreException.Reason.UNAVAILABLE, "watch " + type.plural() + " lost: " + error, error));
      return;
    }
    RETRIES.schedule(this::open, 200L * failures, TimeUnit.MILLISECONDS);
  }

  private void end(StoreException e) {
    if (!closed) {
      closed = true;
      WebSocket ws = socket;
      if (ws != null) {
        ws.abort();
      }
      handler.onError(e);
    }
  }

  @Override
  public void close() {
    closed = true;
    WebSocket ws = socket;
    if (ws != null) {
      ws.abort();
    }
  }
}
