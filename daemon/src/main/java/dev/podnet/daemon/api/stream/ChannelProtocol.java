package dev.podnet.daemon.api.stream;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import java.util.Arrays;
import java.util.Optional;

/**
 * Kubernetes' streaming subprotocols over WebSocket: every binary frame starts with the byte of
 * its channel. v4 made channel 3 carry a JSON {@code metav1.Status} (so exit codes arrive); v5
 * added channel 255, the client's "I closed this stream" ({@code [255, 0]}: end of stdin), which
 * is what lets {@code echo hi | kubectl exec -i POD -- cat} end. Older versions differ in the
 * error channel and are not spoken.
 */
public enum ChannelProtocol {
  V5("v5.channel.k8s.io"),
  V4("v4.channel.k8s.io");

  public static final int STDIN = 0;
  public static final int STDOUT = 1;
  public static final int STDERR = 2;
  public static final int ERROR = 3;
  public static final int RESIZE = 4;
  public static final int CLOSE = 255;

  private final String name;

  ChannelProtocol(String name) {
    this.name = name;
  }

  /** What goes in {@code Sec-WebSocket-Protocol}. */
  public String subprotocol() {
    return name;
  }

  /** The first of the client's offers (its order is its preference) that podnetd speaks. */
  public static Optional<ChannelProtocol> negotiate(String secWebSocketProtocol) {
    return Arrays.stream(secWebSocketProtocol.split(",")).map(String::strip)
        .flatMap(offer -> Arrays.stream(values()).filter(p -> p.name.equals(offer))).findFirst();
  }

  public static String spoken() {
    return String.join(", ", Arrays.stream(values()).map(ChannelProtocol::subprotocol).toList());
  }

  public boolean closesStreams() {
    return this == V5;
  }

  /** One frame on {@code channel} with {@code len} bytes of {@code data}. */
  public static BinaryWebSocketFrame frame(int channel, byte[] data, int len) {
    ByteBuf b = Unpooled.buffer(len + 1);
    b.writeByte(channel).writeBytes(data, 0, len);
    return new BinaryWebSocketFrame(b);
  }
}
