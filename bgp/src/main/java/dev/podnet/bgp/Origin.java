package dev.podnet.bgp;

/** The ORIGIN attribute (RFC 4271 5.1.1); lower is preferred in the decision process. */
public enum Origin {
  IGP,
  EGP,
  INCOMPLETE;

  public int code() {
    return ordinal();
  }
}
