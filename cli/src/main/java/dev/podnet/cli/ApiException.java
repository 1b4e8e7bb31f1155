package dev.podnet.cli;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A request podnetd refused (its Status: code, reason, message) or could not receive (no podnetd).
 * {@link #line()} is what the user sees, in kubectl's wording.
 */
public final class ApiException extends RuntimeException {
  /** The reason of a request that never reached a podnetd. */
  public static final String NO_CLUSTER = "NoCluster";

  private final int code;
  private final String reason;

  public ApiException(int code, String reason, String message) {
    super(message);
    this.code = code;
    this.reason = reason;
  }

  /** From a Kubernetes Status body; anything else becomes an error naming the request and the code. */
  public static ApiException fromStatus(int code, String request, JsonNode body) {
    if (body != null && "Status".equals(body.path("kind").asText()) && body.hasNonNull("message")) {
      return new ApiException(body.path("code").asInt(code), body.path("reason").asText("Unknown"), body.path("message").asText());
    }
    String text = body == null ? "" : ": " + (body.isTextual() ? body.asText() : body.toString());
    return new ApiException(code, "Unknown", "podnetd answered " + request + " with HTTP " + code + text);
  }

  public static ApiException noCluster(Cluster cluster) {
    return new ApiException(0, NO_CLUSTER, "no cluster '" + cluster.name() + "' is up (no podnetd at " + cluster.socket()
        + "); start one with: podnet up" + (cluster.isDefault() ? "" : " --name " + cluster.name()));
  }

  public int code() {
    return code;
  }

  public String reason() {
    return reason;
  }

  public boolean isNotFound() {
    return code == 404;
  }

  public boolean isNoCluster() {
    return NO_CLUSTER.equals(reason);
  }

  /** kubectl's line (client-side failures, code 0, as {@code error: ...}): {@code Error from server (NotFound): pods "x" not found}, {@code The Pod "web" is invalid: ...}. */
  public String line() {
    if (isNoCluster()) {
      return "podnet: " + getMessage();
    }
    if (code == 0) {
      return "error: " + getMessage();
    }
    if ("Invalid".equals(reason)) {
      return "The " + getMessage();
    }
    return "Error from server (" + reason + "): " + getMessage();
  }
}
