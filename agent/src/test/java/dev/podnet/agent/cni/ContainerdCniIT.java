package dev.podnet.agent.cni;

import static org.assertj.core.api.Assertions.assertThat;

import dev.podnet.cni.CniHandler;
import dev.podnet.cni.NodeNetwork;
import dev.podnet.kernel.Cidr;
import dev.podnet.kernel.Exec;
import dev.podnet.kernel.IpKernel;
import dev.podnet.kernel.KernelTest;
import dev.podnet.kernel.KernelTestSupport;
import dev.podnet.kernel.Netns;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * containerd's own CNI client (ctr run --cni, go-cni) drives podnet-cni end to end. ctr reads
 * configs only from /etc/cni/net.d and plugins from /usr/lib/cni, so it runs in a private mount
 * namespace where both are the test's directories; the host's stay untouched.
 */
@KernelTest
class ContainerdCniIT {
  static final Cidr POD_CIDR = Cidr.parse("10.213.9.0/24");
  static final String CTR_NS = "podnetit";

  final IpKernel kernel = new IpKernel();
  final String node = KernelTestSupport.prefix() + "node";

  /** The executable under test; {@link ContainerdCniJavaIT} runs the same test on the reference. */
  Launcher plugin() {
    return Launcher.C;
  }

  @Test
  void ctrRunWithCniGivesTheContainerAPodAddressThatPingsTheGateway() throws Exception {
    Path dir = Files.createTempDirectory(KernelTestSupport.prefix() + "ctrd");
    Netns nodeNs = kernel.ensureNetns(node);
    Path leases = dir.resolve("leases");
    CniHandler handler = new CniHandler(kernel, nodeNs, new NodeNetwork("cni0", POD_CIDR, 1500), leases);
    try (CniServer server = new CniServer(dir.resolve("cni.sock"), handler).start()) {
      PrivateContainerd containerd = new PrivateContainerd(dir, node);
      try {
        containerd.start();
        Exec.Result imported = containerd.ctr(List.of("-n", CTR_NS, "images", "import", BusyboxImage.build(dir).toString()));
        assertThat(imported.ok()).as(imported.stderr()).isTrue();
        prepareCniDirs(dir, server.socket(), plugin());

        Exec.Result run = Exec.run(List.of("nsenter", "--net=/run/netns/" + node, "--", "unshare", "-m", "--propagation", "private",
            "sh", "-ec", ctrRunScript(dir, containerd.socket())), null, Duration.ofSeconds(120));

        assertThat(run.ok()).as("ctr run: %s %s", run.stdout(), run.stderr()).isTrue();
        assertThat(run.stdout()).contains("inet 10.213.9.", "default via 10.213.9.1", "1 packets received");
        assertThat(leaseFiles(leases)).as("lease released by DEL after --rm").isEmpty();
        assertThat(Launcher.ip(node, "-br", "link")).doesNotContain("veth");
      } finally {
        removeContainer(containerd);
        containerd.close();
        removeNamespaceCgroups();
      }
    } finally {
      PrivateContainerd.unmountUnder(dir);
      deleteTree(dir);
    }
  }

  /** The conflist ctr will find, and a plugin dir with podnet-cni beside Debian's plugins (loopback). */
  static void prepareCniDirs(Path dir, Path socket, Launcher plugin) throws IOException {
    Path netd = Files.createDirectories(dir.resolve("net.d"));
    Files.writeString(netd.resolve("10-podnet.conflist"), "{\"cniVersion\":\"1.0.0\",\"name\":\"podnet\",\"plugins\":"
        + "[{\"type\":\"podnet-cni\",\"socket\":\"" + socket + "\"}]}");
    Path bin = Files.createDirectories(dir.resolve("cnibin"));
    try (Stream<Path> plugins = Files.list(Path.of("/usr/lib/cni"))) {
      for (Path p : plugins.toList()) {
        Files.createSymbolicLink(bin.resolve(p.getFileName()), p);
      }
    }
    Files.createSymbolicLink(bin.resolve("podnet-cni"), plugin.require());
    Files.createDirectories(dir.resolve("etc-up"));
    Files.createDirectories(dir.resolve("etc-work"));
  }

  /** /etc gets an overlay (the host has no /etc/cni to bind over), /usr/lib/cni a bind; both die with the namespace. */
  static String ctrRunScript(Path dir, Path containerdSocket) {
    return String.join("\n",
        "mount -t overlay overlay -o lowerdir=/etc,upperdir=" + dir.resolve("etc-up") + ",workdir=" + dir.resolve("etc-work") + " /etc",
        "mkdir -p /etc/cni/net.d",
        "cp " + dir.resolve("net.d/10-podnet.conflist") + " /etc/cni/net.d/",
        "mount --bind " + dir.resolve("cnibin") + " /usr/lib/cni",
        "exec ctr -a " + containerdSocket + " -n " + CTR_NS + " run --rm --cni " + BusyboxImage.NAME
            + " c1 sh -c 'ip addr show eth0; ip route; ping -c1 -W2 10.213.9.1'");
  }

  /** After a failed ADD ctr leaves the task (runc init holding the netns) and the container behind. */
  static void removeContainer(PrivateContainerd containerd) {
    if (!Files.exists(containerd.socket())) {
      return;
    }
    containerd.ctr(List.of("-n", CTR_NS, "task", "kill", "-s", "SIGKILL", "c1"));
    containerd.ctr(List.of("-n", CTR_NS, "task", "rm", "-f", "c1"));
    containerd.ctr(List.of("-n", CTR_NS, "containers", "rm", "c1"));
  }

  /**
   * runc leaves the containerd namespace's parent cgroup (empty) in every hierarchy; rmdir it,
   * children first. Only directories: a cgroup's control files go away with their directory.
   */
  static void removeNamespaceCgroups() throws IOException {
    try (Stream<Path> hierarchies = Files.list(Path.of("/sys/fs/cgroup"))) {
      for (Path h : hierarchies.toList()) {
        Path ours = h.resolve(CTR_NS);
        if (!Files.isDirectory(ours)) {
          continue;
        }
        try (Stream<Path> s = Files.walk(ours)) {
          for (Path d : s.filter(Files::isDirectory).sorted(Comparator.reverseOrder()).toList()) {
            Files.deleteIfExists(d);
          }
        }
      }
    }
  }

  static List<Path> leaseFiles(Path leases) throws IOException {
    if (!Files.isDirectory(leases)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(leases)) {
      return s.filter(p -> !p.getFileName().toString().equals("lock")).toList();
    }
  }

  static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
