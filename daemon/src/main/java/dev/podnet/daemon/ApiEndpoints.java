package dev.podnet.daemon;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Properties;

/**
 * Where a cluster's API is served over HTTPS: {@code https://127.0.0.1:PORT} on this host and
 * {@code https://ADDRESS:6443} on the lab's LAN. Kept in {@code <stateDir>/api.properties} so a
 * restarted podnetd serves the same URL its kubeconfig entry names, and so the CLI can write
 * kubeconfigs without asking podnetd.
 */
public record ApiEndpoints(int loopbackPort, InetAddress internalAddress) {
  public static final int INTERNAL_PORT = 6443;
  static final String FILE = "api.properties";

  public String loopbackUrl() {
    return "https://127.0.0.1:" + loopbackPort;
  }

  public String internalUrl() {
    return "https://" + internalAddress.getHostAddress() + ":" + INTERNAL_PORT;
  }

  public static Optional<ApiEndpoints> read(Path stateDir) {
    Path f = stateDir.resolve(FILE);
    if (!Files.exists(f)) {
      return Optional.empty();
    }
    Properties p = new Properties();
    try (var in = Files.newInputStream(f)) {
      p.load(in);
      return Optional.of(new ApiEndpoints(Integer.parseInt(p.getProperty("loopbackPort")), InetAddress.getByName(p.getProperty("internalAddress"))));
    } catch (IOException | RuntimeException e) {
      throw new IllegalStateException("read " + f + ": " + e.getMessage() + " (remove it; podnetd writes it again on start)", e);
    }
  }

  /**
   * The port asked for, else the one kept from an earlier start, else a free one chosen now;
   * written back either way.
   */
  static ApiEndpoints ensure(Path stateDir, OptionalInt requested, InetAddress internal) {
    int port = requested.isPresent() ? requested.getAsInt() : read(stateDir).map(ApiEndpoints::loopbackPort).orElseGet(ApiEndpoints::freePort);
    ApiEndpoints e = new ApiEndpoints(port, internal);
    Properties p = new Properties();
    p.setProperty("loopbackPort", Integer.toString(port));
    p.setProperty("internalAddress", internal.getHostAddress());
    try {
      Files.createDirectories(stateDir);
      try (var out = Files.newOutputStream(stateDir.resolve(FILE))) {
        p.store(out, "podnetd's HTTPS API endpoints");
      }
    } catch (IOException x) {
      throw new UncheckedIOException("write " + stateDir.resolve(FILE) + ": " + x.getMessage(), x);
    }
    return e;
  }

  private static int freePort() {
    try (ServerSocket s = new ServerSocket()) {
      s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("find a free port on 127.0.0.1 for the API: " + e.getMessage(), e);
    }
  }
}
