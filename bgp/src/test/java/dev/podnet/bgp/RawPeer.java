package dev.podnet.bgp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.List;
import java.util.Map;

/** A hand-driven BGP peer on a plain socket: sends exactly the bytes a test chooses, reads what comes back. */
final class RawPeer implements AutoCloseable {
  private final Socket socket = new Socket();
  private final ByteBuf received = Unpooled.buffer();

  RawPeer(InetAddress from, InetSocketAddress to) throws IOException {
    socket.bind(new InetSocketAddress(from, 0));
    socket.connect(to, 5000);
    socket.setSoTimeout(15_000);
  }

  /** OPEN from {@code asn} with the given hold time, as a 4-octet, MP IPv4 speaker. */
  void open(long asn, int holdTime) throws IOException {
    send(Wire.encode(new Message.Open(4, (int) asn, holdTime, (java.net.Inet4Address) socket.getLocalAddress(),
        List.of(Capability.Multiprotocol.of(Family.IPV4_UNICAST), new Capability.FourOctetAs(asn))), WireOptions.BEFORE_OPEN));
  }

  /** OPEN with graceful restart (R bit as given, IPv4 forwarding kept): a peer that may restart. */
  void openRestarting(long asn, boolean restarted) throws IOException {
    var gr = new Capability.GracefulRestart(restarted, 60, Map.of(Family.IPV4_UNICAST, true));
    send(Wire.encode(new Message.Open(4, (int) asn, 90, (java.net.Inet4Address) socket.getLocalAddress(),
        List.of(Capability.Multiprotocol.of(Family.IPV4_UNICAST), new Capability.FourOctetAs(asn), gr)), WireOptions.BEFORE_OPEN));
    expect(Message.Open.class);
    expect(Message.Keepalive.class);
    keepalive();
  }

  /** OPEN, the speaker's OPEN and KEEPALIVE back, our KEEPALIVE: Established. */
  void establish(long asn, int holdTime) throws IOException {
    open(asn, holdTime);
    expect(Message.Open.class);
    expect(Message.Keepalive.class);
    keepalive();
  }

  void keepalive() throws IOException {
    send(Wire.encode(Message.Keepalive.INSTANCE));
  }

  void send(String hex) throws IOException {
    socket.getOutputStream().write(Wire.hex(hex));
    socket.getOutputStream().flush();
  }

  void announce(Prefix p, InetAddress nextHop) throws IOException {
    send(Wire.encode(Message.Update.announce(List.of(p), PathAttributes.local(), Map.of(Family.IPV4_UNICAST, nextHop))));
  }

  /** The next message other than KEEPALIVE and End-of-RIB, or KEEPALIVE if asked for. */
  <T extends Message> T expect(Class<T> type) throws IOException {
    while (true) {
      Message m = next();
      boolean endOfRib = m instanceof Message.Update u && u.endOfRib().isPresent();
      if (type.isInstance(m) && !endOfRib) {
        return type.cast(m);
      }
      if (!endOfRib && !(m instanceof Message.Keepalive)) {
        throw new AssertionError("expected " + type.getSimpleName() + ", got " + m);
      }
    }
  }

  Message next() throws IOException {
    InputStream in = socket.getInputStream();
    while (true) {
      Message m = Codec.decodeFrame(received, WireOptions.FOUR_OCTET);
      if (m != null) {
        received.discardReadBytes();
        return m;
      }
      byte[] b = new byte[4096];
      int n = in.read(b);
      if (n < 0) {
        throw new IOException("the speaker closed the connection");
      }
      received.writeBytes(b, 0, n);
    }
  }

  /** True once the speaker has closed its side. */
  boolean closedByPeer() throws IOException {
    try {
      while (true) {
        next();
      }
    } catch (SocketTimeoutException e) {
      return false;
    } catch (IOException e) {
      return true;
    }
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
