package dev.podnet.store;

import dev.podnet.api.ResourceType;

/**
 * Why a store operation failed, with Kubernetes' status code and wording, so the API server can
 * pass it through as a {@code Status} unchanged.
 */
public final class StoreException extends RuntimeException {

  /** The failure reasons a store can report, each with its HTTP status code. */
  public enum Reason {
    BAD_REQUEST(400), NOT_FOUND(404), ALREADY_EXISTS(409), CONFLICT(409), INVALID(422), GONE(410), UNAVAILABLE(503);

    private final int code;

    Reason(int code) {
      this.code = code;
    }

    public int code() {
      return code;
    }
  }

  private final Reason reason;

  public StoreException(Reason reason, String message) {
    super(message);
    this.reason = reason;
  }

  public StoreException(Reason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }

  public int code() {
    return reason.code();
  }

  public boolean is(Reason r) {
    return reason == r;
  }

  /** {@code pods "web" not found}. */
  public static StoreException notFound(ResourceType type, String name) {
    return new StoreException(Reason.NOT_FOUND, resource(type) + " \"" + name + "\" not found");
  }

  /** {@code pods "web" already exists}. */
  public static StoreException alreadyExists(ResourceType type, String name) {
    return new StoreException(Reason.ALREADY_EXISTS, resource(type) + " \"" + name + "\" already exists");
  }

  /** The optimistic-concurrency failure clients answer by re-reading and retrying. */
  public static StoreException conflict(ResourceType type, String name) {
    return conflict(type, name, "the object has been modified; please apply your changes to the latest version and try again");
  }

  public static StoreException conflict(ResourceType type, String name, String why) {
    return new StoreException(Reason.CONFLICT, "Operation cannot be fulfilled on " + resource(type) + " \"" + name + "\": " + why);
  }

  /** {@code Pod "web" is invalid: metadata.namespace: Required value}. */
  public static StoreException invalid(ResourceType type, String name, String detail) {
    return new StoreException(Reason.INVALID, type.kind() + " \"" + name + "\" is invalid: " + detail);
  }

  /** A watch asked for history the store no longer has; the watcher must list again. */
  public static StoreException gone(long requested, long compacted) {
    return new StoreException(Reason.GONE, "too old resource version: " + requested + " (" + compacted + ")");
  }

  /** {@code pods}, or {@code deployments.apps} outside the core group, as Kubernetes names resources in errors. */
  static String resource(ResourceType type) {
    return type.group().isEmpty() ? type.plural() : type.plural() + "." + type.group();
  }
}
