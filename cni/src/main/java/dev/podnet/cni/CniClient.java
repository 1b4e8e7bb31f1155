package dev.podnet.cni;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The plugin side of the agent socket. One connection per request: the request as JSON, a
 * half-close, then the reply as JSON until the agent closes.
 */
public final class CniClient {
  /** Where the agent listens unless the network config's {@code socket} says otherwise. */
  public static final Path DEFAULT_SOCKET = Path.of("/run/podnet/cni.sock");

  private final Path socket;

  public CniClient(Path socket) {
    this.socket = socket;
  }

  /** The {@code socket} key of a network config, read without the agent's config parser. */
  public static Path socketOf(String stdin) {
    Object v = JsonText.object(stdin, "network config").get("socket");
    if (v == null) {
      return DEFAULT_SOCKET;
    }
    if (!(v instanceof String) || !((String) v).startsWith("/")) {
      throw new CniException(CniException.INVALID_CONFIG, "invalid network config", "socket=" + v + " is not an absolute path");
    }
    return Path.of((String) v);
  }

  /** Throws IOException when the agent cannot be reached or hangs up without a reply. */
  public CniResponse call(CniRequest req) throws IOException {
    try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
      ch.connect(UnixDomainSocketAddress.of(socket));
      ByteBuffer out = ByteBuffer.wrap(req.toJson().getBytes(StandardCharsets.UTF_8));
      while (out.hasRemaining()) {
        ch.write(out);
      }
      ch.shutdownOutput();
      String reply = readAll(ch);
      if (reply.isEmpty()) {
        throw new IOException("the agent at " + socket + " closed the connection without a reply");
      }
      return CniResponse.fromJson(reply);
    }
  }

  /** Reads until the peer closes; shared by the agent's server for the request side. */
  public static String readAll(SocketChannel ch) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    ByteBuffer buf = ByteBuffer.allocate(8192);
    while (ch.read(buf) >= 0) {
      buf.flip();
      b.write(buf.array(), 0, buf.limit());
      buf.clear();
    }
    return b.toString(StandardCharsets.UTF_8);
  }
}
