package dev.podnet.bgp;

import dev.podnet.kernel.Cidr;
import dev.podnet.kernel.IpCommand;
import dev.podnet.kernel.IpKernel;
import dev.podnet.kernel.Kernel;
import dev.podnet.kernel.LinkSpec;
import dev.podnet.kernel.Netns;
import dev.podnet.kernel.NetnsExecutor;
import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;

/**
 * Two throwaway namespaces joined by a veth: podnet's speaker in {@code speaker} (10.77.0.1,
 * fd77::1), a real daemon in {@code daemon} (10.77.0.2, fd77::2). Names carry the run's prefix
 * {@code pnb<pid>-}; {@link #close} removes them and kills what runs inside, also after a failure.
 */
final class LinkedNamespaces implements AutoCloseable {
  static final String FAMILY = "pnb";
  final String prefix = FAMILY + ProcessHandle.current().pid() + "-";
  final Netns.Named speaker;
  final Netns.Named daemon;
  final NetnsExecutor speakerThread;
  private final Kernel kernel = new IpKernel();

  static final String SPEAKER_IP = "10.77.0.1";
  static final String DAEMON_IP = "10.77.0.2";
  static final String SPEAKER_IP6 = "fd77::1";
  static final String DAEMON_IP6 = "fd77::2";

  LinkedNamespaces() {
    requireOrSkip(isRoot(), "interop tests need root to create network namespaces; run them as root");
    removeCrashedRuns();
    speaker = kernel.ensureNetns(prefix + "sp");
    daemon = kernel.ensureNetns(prefix + "d");
    // addresses must be usable at once: skip IPv6 duplicate address detection in these namespaces
    Map<String, String> noDad = Map.of("net.ipv6.conf.default.accept_dad", "0", "net.ipv6.conf.all.accept_dad", "0");
    kernel.sysctl(speaker, noDad);
    kernel.sysctl(daemon, noDad);
    kernel.apply(speaker, List.of(new IpCommand.LinkAdd(new LinkSpec.Veth("pnb-a", "pnb-b", Optional.of(daemon), 1500))));
    kernel.apply(speaker, List.of(new IpCommand.AddressReplace("pnb-a", Cidr.parse(SPEAKER_IP + "/24")),
        new IpCommand.AddressReplace("pnb-a", Cidr.parse(SPEAKER_IP6 + "/64")), new IpCommand.LinkUp("pnb-a"), new IpCommand.LinkUp("lo")));
    kernel.apply(daemon, List.of(new IpCommand.AddressReplace("pnb-b", Cidr.parse(DAEMON_IP + "/24")),
        new IpCommand.AddressReplace("pnb-b", Cidr.parse(DAEMON_IP6 + "/64")), new IpCommand.LinkUp("pnb-b"), new IpCommand.LinkUp("lo")));
    speakerThread = new NetnsExecutor(speaker, 1);
  }

  /** Skips with the reason, except in CI (CI=true), where a skipped interop test is a failure. */
  static void requireOrSkip(boolean ok, String why) {
    if (!ok && "true".equalsIgnoreCase(System.getenv("CI"))) {
      org.junit.jupiter.api.Assertions.fail(why);
    }
    Assumptions.assumeTrue(ok, why);
  }

  /** The daemon's binary must be installed (bin/setup installs bird2, frr and gobgpd). */
  static void requireTool(String path) {
    boolean found = path.startsWith("/") ? java.nio.file.Files.isExecutable(java.nio.file.Path.of(path))
        : java.util.Arrays.stream(System.getenv().getOrDefault("PATH", "/usr/sbin:/usr/bin").split(":"))
            .anyMatch(d -> java.nio.file.Files.isExecutable(java.nio.file.Path.of(d, path)));
    requireOrSkip(found, path + " is not installed: run bin/setup (apt-get install bird2 frr gobgpd)");
  }

  private static boolean isRoot() {
    return "root".equals(System.getProperty("user.name"));
  }

  /** Namespaces of earlier runs whose JVM is gone (a crash skipped their cleanup). */
  private void removeCrashedRuns() {
    for (String n : kernel.netnsNames()) {
      if (n.startsWith(FAMILY) && n.contains("-")) {
        String pid = n.substring(FAMILY.length(), n.indexOf('-'));
        if (pid.matches("\\d+") && ProcessHandle.of(Long.parseLong(pid)).isEmpty()) {
          kernel.deleteAllNamed(FAMILY + pid + "-");
        }
      }
    }
  }

  static InetAddress ip(String s) {
    return CodecTest.addr(s);
  }

  /** Routes of the daemon namespace's main table, as {@code ip route} prints them. */
  String routesIn(Netns ns) {
    return kernel.routes(ns).toString();
  }

  @Override
  public void close() {
    speakerThread.close();
    kernel.deleteAllNamed(prefix);
  }
}
