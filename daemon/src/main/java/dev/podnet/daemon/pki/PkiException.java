package dev.podnet.daemon.pki;

/** The cluster's certificates or keys could not be made, read or used. */
public final class PkiException extends RuntimeException {
  public PkiException(String message) {
    super(message);
  }

  public PkiException(String message, Throwable cause) {
    super(message, cause);
  }
}
