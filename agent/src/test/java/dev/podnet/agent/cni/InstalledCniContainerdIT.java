package dev.podnet.agent.cni;

import static org.assertj.core.api.Assertions.assertThat;

import dev.podnet.agent.install.CniConflist;
import dev.podnet.agent.install.CniInstaller;
import dev.podnet.cni.CniHandler;
import dev.podnet.cni.NodeNetwork;
import dev.podnet.kernel.Exec;
import dev.podnet.kernel.IpKernel;
import dev.podnet.kernel.KernelTest;
import dev.podnet.kernel.KernelTestSupport;
import dev.podnet.kernel.Netns;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A real host's path, end to end: {@link CniInstaller} writes the conflist and copies
 * {@code podnet-cni} into the directories containerd reads (temp directories bound over
 * /etc/cni/net.d and /usr/lib/cni in a private mount namespace, as {@link ContainerdCniIT} does),
 * and containerd's own CNI client gives a container its pod address through them.
 */
@KernelTest
class InstalledCniContainerdIT {
  final IpKernel kernel = new IpKernel();
  final String node = KernelTestSupport.prefix() + "pnhnode";

  @Test
  void containerdRunsAContainerThroughTheConfigAndPluginTheInstallerPutInPlace() throws Exception {
    Path dir = Files.createTempDirectory(KernelTestSupport.prefix() + "pnhctrd");
    Netns nodeNs = kernel.ensureNetns(node);
    Path leases = dir.resolve("leases");
    CniHandler handler = new CniHandler(kernel, nodeNs, new NodeNetwork("cni0", ContainerdCniIT.POD_CIDR, 1500), leases);
    try (CniServer server = new CniServer(dir.resolve("cni.sock"), handler).start()) {
      PrivateContainerd containerd = new PrivateContainerd(dir, node);
      try {
        containerd.start();
        Exec.Result imported = containerd.ctr(List.of("-n", ContainerdCniIT.CTR_NS, "images", "import", BusyboxImage.build(dir).toString()));
        assertThat(imported.ok()).as(imported.stderr()).isTrue();
        install(dir, server.socket());

        Exec.Result run = Exec.run(List.of("nsenter", "--net=/run/netns/" + node, "--", "unshare", "-m", "--propagation", "private",
            "sh", "-ec", ContainerdCniIT.ctrRunScript(dir, containerd.socket())), null, Duration.ofSeconds(120));

        assertThat(run.ok()).as("ctr run: %s %s", run.stdout(), run.stderr()).isTrue();
        assertThat(run.stdout()).contains("inet 10.213.9.", "default via 10.213.9.1", "1 packets received");
        assertThat(ContainerdCniIT.leaseFiles(leases)).as("lease released by DEL after --rm").isEmpty();
      } finally {
        ContainerdCniIT.removeContainer(containerd);
        containerd.close();
      }
    } finally {
      PrivateContainerd.unmountUnder(dir);
      ContainerdCniIT.deleteTree(dir);
    }
  }

  /** Debian's plugins (ctr also runs loopback) beside what the installer copies; the config the installer writes. */
  private static void install(Path dir, Path socket) throws Exception {
    Path bin = Files.createDirectories(dir.resolve("cnibin"));
    try (Stream<Path> plugins = Files.list(Path.of("/usr/lib/cni"))) {
      for (Path p : plugins.filter(p -> !p.getFileName().toString().equals(CniInstaller.PLUGIN)).toList()) {
        Files.createSymbolicLink(bin.resolve(p.getFileName()), p);
      }
    }
    CniInstaller installer = new CniInstaller(dir.resolve("net.d"), bin);
    assertThat(installer.install(Launcher.C.require(), CniConflist.forSocket(socket))).isEqualTo(new CniInstaller.Changes(true, true));
    assertThat(Files.isSymbolicLink(installer.pluginPath())).as("a copy, not a link into the build").isFalse();
    Files.createDirectories(dir.resolve("etc-up"));
    Files.createDirectories(dir.resolve("etc-work"));
  }
}
