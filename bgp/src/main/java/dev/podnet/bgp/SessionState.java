package dev.podnet.bgp;

/** The RFC 4271 8.2.2 states of a peer's session. */
public enum SessionState {
  IDLE,
  CONNECT,
  ACTIVE,
  OPEN_SENT,
  OPEN_CONFIRM,
  ESTABLISHED
}
