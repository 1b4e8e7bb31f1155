package dev.podnet.cni;

/**
 * The one error type at the CNI boundary: a spec error code, a message and details, printed as
 * the CNI error object {@code {cniVersion, code, msg, details}}.
 */
public class CniException extends RuntimeException {
  public static final int INCOMPATIBLE_VERSION = 1;
  public static final int UNSUPPORTED_FIELD = 2;
  public static final int UNKNOWN_CONTAINER = 3;
  public static final int INVALID_ENVIRONMENT = 4;
  public static final int IO_FAILURE = 5;
  public static final int DECODE_FAILURE = 6;
  public static final int INVALID_CONFIG = 7;
  public static final int TRY_AGAIN_LATER = 11;
  public static final int NOT_AVAILABLE = 50;
  public static final int LIMITED_CONNECTIVITY = 51;
  public static final int INTERNAL = 999;

  private final int code;
  private final String msg;
  private final String details;

  public CniException(int code, String msg, String details) {
    super(details.isEmpty() ? msg : msg + ": " + details);
    this.code = code;
    this.msg = msg;
    this.details = details;
  }

  public CniException(int code, String msg) {
    this(code, msg, "");
  }

  public int code() {
    return code;
  }

  public String msg() {
    return msg;
  }

  public String details() {
    return details;
  }
}
