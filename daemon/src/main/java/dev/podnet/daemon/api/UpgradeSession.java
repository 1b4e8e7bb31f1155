package dev.podnet.daemon.api;

import io.netty.channel.Channel;

/** What serves a connection after its upgrade (WebSocket for exec; SPDY, or SPDY inside WebSocket, for port-forward). */
public interface UpgradeSession {

  /**
   * The connection now speaks the new protocol: add handlers to the end of its pipeline and
   * start. For WebSocket, the 101 is already on the wire and frames are decoded; for SPDY the
   * handlers see raw bytes. Called on the connection's event loop before anything the client sent
   * after the upgrade is handed on, so the handlers added here see the very first frame. The
   * session closes the channel when it is done.
   */
  void opened(Channel channel);

  /** The upgrade did not happen (the client left, or its handshake was bad): release what was prepared. */
  void abandoned(Throwable cause);
}
