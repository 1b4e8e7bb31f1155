package dev.podnet.client;

import com.fasterxml.jackson.databind.JsonNode;
import dev.podnet.store.StoreException;
import dev.podnet.store.StoreException.Reason;

/** An API server's {@code Status} answer as the store failure it stands for, with the server's own message. */
final class ApiErrors {
  private ApiErrors() {}

  static StoreException fromStatus(int code, JsonNode status, String what) {
    String message = status.path("message").asText("");
    String reason = status.path("reason").asText("");
    if (message.isEmpty()) {
      message = what + ": HTTP " + code + (reason.isEmpty() ? "" : " " + reason);
    }
    // Upstream says AlreadyExists in the reason; some servers (fabric8's mock) only in the message.
    boolean exists = reason.equals("AlreadyExists") || message.contains("already exists");
    return new StoreException(code == 409 && exists ? Reason.ALREADY_EXISTS : reason(code), message);
  }

  private static Reason reason(int code) {
    return switch (code) {
      case 400 -> Reason.BAD_REQUEST;
      case 404 -> Reason.NOT_FOUND;
      case 409 -> Reason.CONFLICT;
      case 410 -> Reason.GONE;
      case 422 -> Reason.INVALID;
      default -> code == 401 || code == 403 ? Reason.BAD_REQUEST : Reason.UNAVAILABLE;
    };
  }
}
