package dev.podnet.store;

import com.fasterxml.jackson.databind.JsonNode;
import dev.podnet.api.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where the next page of a list starts, in upstream's format so tokens look familiar:
 * base64url of {@code {"v":"meta.k8s.io/v1","rv":R,"start":"KEY"}}, the revision the first page
 * was read at and the key (relative to the collection's prefix) to continue from.
 */
record ContinueToken(long revision, String start) {
  private static final String VERSION = "meta.k8s.io/v1";

  String encode() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("v", VERSION);
    m.put("rv", revision);
    m.put("start", start);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(Json.write(m).getBytes(StandardCharsets.UTF_8));
  }

  /** @throws StoreException BAD_REQUEST, in upstream's words, for a token this server did not write */
  static ContinueToken decode(String token) {
    try {
      JsonNode n = Json.mapper().readTree(Base64.getUrlDecoder().decode(token));
      if (n == null || !VERSION.equals(n.path("v").asText()) || !n.path("rv").canConvertToLong() || n.path("rv").asLong() <= 0) {
        throw invalid("continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)");
      }
      String start = n.path("start").asText("");
      if (start.isEmpty() || start.startsWith("/") || start.contains("..")) {
        throw invalid("continue key is not valid: encoded start key is not valid");
      }
      return new ContinueToken(n.path("rv").asLong(), start);
    } catch (IllegalArgumentException | IOException e) {
      throw invalid("continue key is not valid: " + e.getMessage());
    }
  }

  private static StoreException invalid(String message) {
    return new StoreException(StoreException.Reason.BAD_REQUEST, message);
  }

  /** The error for a token whose revision etcd has compacted away, as the API server words it. */
  static StoreException expired() {
    return new StoreException(StoreException.Reason.GONE, "The provided continue parameter is too old to display a consistent list result. "
        + "You can start a new list without the continue parameter, or use the continue token in this response to retrieve the remainder "
        + "of the results. Continuing with the provided token results in an inconsistent list - objects that were created, modified, or "
        + "deleted between the time the first chunk was returned and now may show up in the list.");
  }
}
