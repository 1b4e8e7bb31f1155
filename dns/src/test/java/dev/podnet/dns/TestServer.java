package dev.podnet.dns;

import io.netty.channel.nio.NioEventLoopGroup;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** A podnet-dns server on loopback ports of its own, and a blocking client for it (UDP and TCP). */
final class TestServer implements AutoCloseable {
  final ClusterRecords cluster;
  final Metrics metrics = new Metrics();
  /** Always on in tests; a client address that is no known pod walks nothing. */
  final Autopath autopath;
  private final NioEventLoopGroup group = new NioEventLoopGroup(1);
  private final Forwarder forwarder;
  private final DnsServer server;

  TestServer(String zone, List<InetSocketAddress> upstreams) throws InterruptedException {
    cluster = new ClusterRecords(zone);
    forwarder = new Forwarder(upstreams, Duration.ofMillis(300), new ForwardCache(100, 30), metrics);
    forwarder.start(group);
    KubeZone kube = new KubeZone(zone, 30, cluster);
    autopath = new Autopath(zone, kube);
    Responder responder = new Responder(kube, upstreams.isEmpty() ? Optional.empty() : Optional.of(forwarder), Optional.of(autopath));
    server = new DnsServer(group, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), responder, metrics);
  }

  InetSocketAddress address() {
    return server.udpAddress();
  }

  /** One UDP exchange; empty when nothing came back within {@code wait}. */
  Optional<byte[]> udp(byte[] query, Duration wait) throws IOException {
    try (DatagramSocket s = new DatagramSocket()) {
      s.setSoTimeout((int) wait.toMillis());
      s.send(new DatagramPacket(query, query.length, address()));
      byte[] buf = new byte[65535];
      DatagramPacket p = new DatagramPacket(buf, buf.length);
      try {
        s.receive(p);
      } catch (SocketTimeoutException e) {
        return Optional.empty();
      }
      return Optional.of(java.util.Arrays.copyOf(buf, p.getLength()));
    }
  }

  Wire.Reply udp(String name, int type) throws IOException {
    return Wire.parse(udp(Wire.query(4242, name, type, 0), Duration.ofSeconds(2)).orElseThrow());
  }

  Wire.Reply tcp(String name, int type) throws IOException {
    try (Socket s = new Socket(server.tcpAddress().getAddress(), server.tcpAddress().getPort())) {
      s.setSoTimeout(2000);
      byte[] q = Wire.query(777, name, type, 0);
      DataOutputStream out = new DataOutputStream(s.getOutputStream());
      out.writeShort(q.length);
      out.write(q);
      out.flush();
      DataInputStream in = new DataInputStream(s.getInputStream());
      byte[] reply = new byte[in.readUnsignedShort()];
      in.readFully(reply);
      return Wire.parse(reply);
    }
  }

  @Override
  public void close() {
    server.close();
    forwarder.close();
    group.shutdownGracefully(0, 0, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
  }
}
