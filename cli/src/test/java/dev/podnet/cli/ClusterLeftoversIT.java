package dev.podnet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.podnet.agent.ebpf.SocketLbHooks;
import dev.podnet.kernel.Exec;
import dev.podnet.kernel.IpKernel;
import dev.podnet.kernel.KernelTest;
import dev.podnet.kernel.KernelTestSupport;
import dev.podnet.kernel.NamespaceSet;
import dev.podnet.kernel.Netns;
import dev.podnet.kernel.Uts;
import dev.podnet.kernel.bpf.BpfPrograms;
import dev.podnet.kernel.bpf.Bpffs;
import dev.podnet.kernel.bpf.Cgroup;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code podnet down} of a cluster whose state directory is gone: what the cluster left - a node
 * and a pod namespace with a process inside, a UTS namespace, the socket LB attached to the node's
 * cgroup with a process in it, its pins, its orphaned etcd - is found and removed; a longer-named cluster's
 * namespace beside it stays.
 */
@KernelTest
class ClusterLeftoversIT {
  private final IpKernel k = new IpKernel();
  private final String name = "pne" + KernelTestSupport.prefix().replace("-", "");
  private final String sibling = name + "-b";
  @TempDir
  Path stateBase;
  private Process sleeper;
  private Process etcd;

  @AfterEach
  void removeAll() throws Exception {
    for (Process p : new Process[] {sleeper, etcd}) {
      if (p != null) {
        p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    }
    k.deleteAllNamed(ClusterLeftovers.namePrefix(name));
    k.deleteAllNamed(ClusterLeftovers.namePrefix(sibling));
    SocketLbHooks.removeAll(BpfPrograms.tool(), name);
  }

  @Test
  void downWithoutAStateDirectoryRemovesWhatTheClusterLeftFoundByName() throws Exception {
    Netns.Named node = k.ensureNetns("pn-" + name + "-node-1");
    k.ensureNetns("pn-" + name + "-default.web");
    Netns.Named other = k.ensureNetns("pn-" + sibling + "-node-1");
    Files.createDirectories(stateBase.resolve(sibling)); // the sibling cluster is up: its state directory says so
    Uts.ensure("pn-" + name + "-node-1", "node-1");
    SocketLbHooks hooks = SocketLbHooks.ensure(BpfPrograms.tool(), name, "node-1");
    sleeper = new NamespaceSet(node, Optional.empty()).processBuilder(List.of("sleep", "300")).start();
    hooks.cgroup().addProcess(sleeper.pid());
    // an orphaned etcd of the cluster, as /proc shows one: named etcd, its data under the (gone) state directory
    Path etcdBinary = stateBase.resolve("bin").resolve("etcd");
    Files.createDirectories(etcdBinary.getParent());
    Files.createSymbolicLink(etcdBinary, Path.of("/bin/sh"));
    etcd = new ProcessBuilder(List.of(etcdBinary.toString(), "-c", "sleep 300; :", "etcd", "--data-dir", stateBase.resolve(name).resolve("etcd/data")
        .toString())).start();
    assertThat(ClusterLeftovers.find(new Cluster(name, stateBase.resolve(name))).isEmpty()).isFalse();

    Run down = down();

    assertThat(down.exit).as(down.out + down.err).isZero();
    assertThat(down.out).contains("has no state at").contains("found by name").contains("cluster '" + name + "' is down");
    assertThat(k.netnsNames()).noneMatch(n -> n.startsWith("pn-" + name + "-") && !n.startsWith("pn-" + sibling + "-"));
    assertThat(k.netnsNames()).contains(other.name());
    assertThat(Uts.names()).noneMatch(n -> n.startsWith("pn-" + name + "-"));
    assertThat(sleeper.waitFor(5, TimeUnit.SECONDS)).as("the node's process is killed").isTrue();
    assertThat(etcd.waitFor(15, TimeUnit.SECONDS)).as("the cluster's etcd is stopped").isTrue();
    assertThat(down.out).contains("its etcd (pid " + etcd.pid() + ")");
    assertThat(Files.exists(Cgroup.v2Mount().resolve(Cgroup.OWNER_PREFIX + name))).isFalse();
    assertThat(Files.exists(Bpffs.DEFAULT.resolve(Cgroup.OWNER_PREFIX + name))).isFalse();
    String tree = Exec.run(List.of("bpftool", "cgroup", "tree", Cgroup.v2Mount().toString()), null).stdout();
    assertThat(tree).doesNotContain(name);

    Run again = down();
    assertThat(again.exit).isZero();
    assertThat(again.out).contains("nothing to remove");
  }

  @Test
  void downRemovesNothingWhileAPodnetdOfThatNameRunsUnderAnotherStateDirectory() throws Exception {
    k.ensureNetns("pn-" + name + "-node-1");
    // what /proc shows of a podnetd started with another PODNET_STATE_DIR (sh's argv carries the words)
    sleeper = new ProcessBuilder(List.of("sh", "-c", "sleep 300", Podnetd.MAIN_CLASS, "--name", name, "--state-dir", "/elsewhere/" + name)).start();

    Run down = down();

    assertThat(down.exit).isEqualTo(1);
    assertThat(down.err).contains("a podnetd of that name runs: pid " + sleeper.pid() + " (/elsewhere/" + name + ")").contains("nothing removed");
    assertThat(k.netnsNames()).contains("pn-" + name + "-node-1");
  }

  private record Run(int exit, String out, String err) {}

  /** {@code podnet --name NAME down} as the CLI runs it, with this test's state base and kubeconfig. */
  private Run down() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    Map<String, String> env = Map.of(Cluster.STATE_DIR_ENV, stateBase.toString(), "KUBECONFIG", stateBase.resolve("kubeconfig").toString());
    Session session = new Session(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
        Clock.systemUTC(), env, HttpApi::new, command -> new ProcessBuilder(command).inheritIO().start().waitFor());
    int exit = Main.run(session, "--name", name, "down");
    return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }
}
