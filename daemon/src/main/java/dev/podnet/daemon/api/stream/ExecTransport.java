package dev.podnet.daemon.api.stream;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;

/**
 * How one exec session's streams travel on its upgraded connection: as channel-numbered
 * WebSocket frames (kubectl 1.30+), or as SPDY/3.1 streams the client opens one per stream
 * (kubectl before 1.30, e.g. Debian 12's 1.20). {@link ExecSession} runs the command the same
 * way for both; streams are named by the numbers of {@link ChannelProtocol}.
 */
sealed interface ExecTransport permits ExecOverWebSocket, ExecOverSpdy {

  /** What the client sends, decoded; called on the connection's event loop. */
  interface Client {
    void stdin(byte[] data);

    void stdinClosed();

    /** One {@code {"Width":W,"Height":H}}. */
    void resize(String json);

    void gone();
  }

  /** Puts this transport's handlers at the end of {@code ch}'s pipeline, delivering to {@code client}. */
  void install(Channel ch, Client client);

  /** Waits until the client opened every stream it must (at once for WebSocket); false when it did not in time. */
  boolean awaitStreams(long millis) throws InterruptedException;

  /** {@code len} bytes of {@code data} on stream {@code stream} (stdout or stderr). */
  ChannelFuture write(int stream, byte[] data, int len);

  /** The final status on the error stream, then the end of the connection. */
  void finish(byte[] status);

  /** For the log: the protocol spoken. */
  String protocol();
}
