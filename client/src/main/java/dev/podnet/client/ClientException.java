package dev.podnet.client;

/** The API server cannot be reached or configured as asked; the message says what to change. */
public final class ClientException extends RuntimeException {
  public ClientException(String message) {
    super(message);
  }

  public ClientException(String message, Throwable cause) {
    super(message, cause);
  }
}
