package dev.podnet.daemon.api;

import dev.podnet.store.StoreException;
import java.util.LinkedHashMap;
import java.util.Map;

/** A failed request, rendered as a Kubernetes {@code Status} with its HTTP code. */
public final class ApiError extends RuntimeException {
  private final int code;
  private final String reason;

  public ApiError(int code, String reason, String message) {
    super(message);
    this.code = code;
    this.reason = reason;
  }

  public static ApiError badRequest(String message) {
    return new ApiError(400, "BadRequest", message);
  }

  public static ApiError notFound(String message) {
    return new ApiError(404, "NotFound", message);
  }

  public static ApiError invalid(String message) {
    return new ApiError(422, "Invalid", message);
  }

  public static ApiError from(StoreException e) {
    String reason;
    switch (e.reason()) {
      case BAD_REQUEST:
        reason = "BadRequest";
        break;
      case NOT_FOUND:
        reason = "NotFound";
        break;
      case ALREADY_EXISTS:
        reason = "AlreadyExists";
        break;
      case CONFLICT:
        reason = "Conflict";
        break;
      case INVALID:
        reason = "Invalid";
        break;
      case GONE:
        reason = "Expired";
        break;
      default:
        reason = "ServiceUnavailable";
    }
    return new ApiError(e.code(), reason, e.getMessage());
  }

  public int code() {
    return code;
  }

  public String reason() {
    return reason;
  }

  public Map<String, Object> status() {
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("kind", "Status");
    s.put("apiVersion", "v1");
    s.put("metadata", Map.of());
    s.put("status", "Failure");
    s.put("message", getMessage());
    s.put("reason", reason);
    s.put("code", code);
    return s;
  }
}
