package dev.podnet.daemon.api;

import io.netty.channel.Channel;

/** What serves a connection after its upgrade to WebSocket (exec, attach, port-forward). */
public interface WebSocketSession {

  /**
   * The 101 is on the wire and {@code channel} now carries WebSocket frames: add a handler to its
   * pipeline and start. The session closes the channel when it is done.
   */
  void opened(Channel channel);

  /** The upgrade did not happen (the client left, or its handshake was bad): release what was prepared. */
  void abandoned(Throwable cause);
}
