package dev.podnet.bgp;

/**
 * A protocol error that ends a session: the NOTIFICATION to send (RFC 4271 6) and why. The codec
 * throws nothing else on bad input.
 */
public final class BgpException extends RuntimeException {
  private final int code;
  private final int subcode;
  private final byte[] data;

  BgpException(int code, int subcode, byte[] data, String message) {
    super(message + " (NOTIFICATION " + code + "/" + subcode + ")");
    this.code = code;
    this.subcode = subcode;
    this.data = data.clone();
  }

  BgpException(int code, int subcode, String message) {
    this(code, subcode, new byte[0], message);
  }

  public int code() {
    return code;
  }

  public int subcode() {
    return subcode;
  }

  Message.Notification notification() {
    return new Message.Notification(code, subcode, data);
  }
}
