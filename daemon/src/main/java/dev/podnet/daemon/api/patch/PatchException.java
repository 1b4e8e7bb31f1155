package dev.podnet.daemon.api.patch;

/**
 * A patch that cannot be applied, with the HTTP code Kubernetes answers it with: 400 when the patch
 * itself is malformed, 422 when it is well formed but does not fit the object (a failing {@code
 * test}, a missing path), 409 when server-side apply meets another manager's fields.
 */
public final class PatchException extends RuntimeException {
  private final int code;

  public PatchException(int code, String message) {
    super(message);
    this.code = code;
  }

  public static PatchException malformed(String message) {
    return new PatchException(400, message);
  }

  public static PatchException doesNotApply(String message) {
    return new PatchException(422, message);
  }

  public int code() {
    return code;
  }
}
