package dev.podnet.agent.install;

/** Installing or removing the CNI config or plugin failed: the message names the file and why. */
public final class CniInstallException extends RuntimeException {
  CniInstallException(String message, Throwable cause) {
    super(message, cause);
  }
}
