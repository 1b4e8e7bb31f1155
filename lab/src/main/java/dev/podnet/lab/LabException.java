package dev.podnet.lab;

/** A lab operation that could not be done, with what, where and why. */
public class LabException extends RuntimeException {
  public LabException(String message) {
    super(message);
  }

  public LabException(String message, Throwable cause) {
    super(message, cause);
  }
}
