package dev.podnet.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Properties;

/**
 * The loopback ports of one etcd: kept in its directory, so a restarted etcd is found where it was
 * and clients reconnect by themselves; new ones are chosen only when the old ones are taken.
 */
record EtcdPorts(int client, int peer) {

  String clientUrl() {
    return "http://127.0.0.1:" + client;
  }

  String peerUrl() {
    return "http://127.0.0.1:" + peer;
  }

  /** The ports last used from {@code file} if both are still free, else two new free ones. */
  static EtcdPorts reuseOrChoose(Path file) {
    return load(file).filter(p -> isFree(p.client) && isFree(p.peer)).orElseGet(EtcdPorts::choose);
  }

  static EtcdPorts choose() {
    try (ServerSocket a = bindLoopback(0); ServerSocket b = bindLoopback(0)) {
      return new EtcdPorts(a.getLocalPort(), b.getLocalPort());
    } catch (IOException e) {
      throw new UncheckedIOException("choose two free ports on 127.0.0.1: " + e.getMessage(), e);
    }
  }

  void save(Path file) throws IOException {
    Files.writeString(file, "client=" + client + "\npeer=" + peer + "\n");
  }

  private static Optional<EtcdPorts> load(Path file) {
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    try (var in = Files.newBufferedReader(file)) {
      Properties p = new Properties();
      p.load(in);
      return Optional.of(new EtcdPorts(Integer.parseInt(p.getProperty("client")), Integer.parseInt(p.getProperty("peer"))));
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  private static boolean isFree(int port) {
    try (ServerSocket s = bindLoopback(port)) {
      return s.isBound();
    } catch (IOException e) {
      return false;
    }
  }

  private static ServerSocket bindLoopback(int port) throws IOException {
    ServerSocket s = new ServerSocket();
    s.setReuseAddress(true);
    s.bind(new java.net.InetSocketAddress(InetAddress.getByAddress(new byte[] {127, 0, 0, 1}), port), 1);
    return s;
  }
}
