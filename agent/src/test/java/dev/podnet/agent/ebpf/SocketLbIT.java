package dev.podnet.agent.ebpf;

import static dev.podnet.agent.ebpf.LbFixtures.config;
import static dev.podnet.agent.ebpf.LbFixtures.ready;
import static dev.podnet.agent.ebpf.LbFixtures.service;
import static dev.podnet.agent.ebpf.LbFixtures.slice;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.podnet.kernel.Cidr;
import dev.podnet.kernel.Exec;
import dev.podnet.kernel.IpCommand;
import dev.podnet.kernel.IpKernel;
import dev.podnet.kernel.KernelException;
import dev.podnet.kernel.KernelTest;
import dev.podnet.kernel.KernelTestSupport;
import dev.podnet.kernel.LinkSpec;
import dev.podnet.kernel.NamespaceSet;
import dev.podnet.kernel.Netns;
import dev.podnet.kernel.Nft;
import dev.podnet.kernel.bpf.BpfPrograms;
import dev.podnet.kernel.bpf.Bpffs;
import dev.podnet.kernel.bpf.Cgroup;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The socket LB on the real kernel: a client process placed in the node's cgroup and a client
 * netns, two backends in namespaces of their own (10.99.1.2, 10.99.2.2) each answering its name
 * on TCP 8080 and UDP 8053, the programs attached, the maps written by {@link SocketLb}.
 */
@KernelTest
class SocketLbIT {
  private static final Path PROBE = Path.of("target", "sock_probe").toAbsolutePath();
  private final IpKernel k = new IpKernel();
  private final String p = KernelTestSupport.prefix();
  private final String owner = "pne" + p.replace("-", "");
  private final List<Process> servers = new ArrayList<>();
  private Netns.Named client;
  private SocketLbHooks hooks;
  private SocketLb lb;

  @BeforeEach
  void cluster() throws Exception {
    client = k.ensureNetns(p + "pne-cli");
    k.apply(client, List.of(new IpCommand.LinkUp("lo")));
    for (int i = 1; i <= 2; i++) {
      Netns.Named be = k.ensureNetns(p + "pne-be" + i);
      k.apply(client, List.of(new IpCommand.LinkAdd(new LinkSpec.Veth("pne-be" + i, "eth0", Optional.of(be), 1500)),
          new IpCommand.AddressReplace("pne-be" + i, Cidr.parse("10.99." + i + ".1/24")), new IpCommand.LinkUp("pne-be" + i)));
      k.apply(be, List.of(new IpCommand.AddressReplace("eth0", Cidr.parse("10.99." + i + ".2/24")), new IpCommand.LinkUp("eth0"),
          new IpCommand.LinkUp("lo")));
      serve(be, "TCP-LISTEN:8080,fork,reuseaddr", "echo be" + i);
      // reads the datagram first: an echo that exits before socat hands it over loses the reply (EPIPE)
      serve(be, "UDP-RECVFROM:8053,fork", "read l; echo be" + i);
    }
    hooks = SocketLbHooks.ensure(BpfPrograms.tool(), owner, "node-1");
    lb = new SocketLb(hooks.openMaps(), config("node-1"));
    lb.onServiceAdded(service("web", "10.96.0.50", "TCP", 80).build());
    lb.onSliceAdded(slice("web", "TCP", 8080, ready("10.99.1.2", "node-1"), ready("10.99.2.2", "node-2")));
    lb.onServiceAdded(service("dns", "10.96.0.53", "UDP", 53).build());
    lb.onSliceAdded(slice("dns", "UDP", 8053, ready("10.99.1.2", "node-1"), ready("10.99.2.2", "node-2")));
    lb.onServiceAdded(service("empty", "10.96.0.51", "TCP", 80).build());
    lb.onServiceAdded(service("emptyudp", "10.96.0.52", "UDP", 53).build());
    lb.markServicesSynced();
    lb.markSlicesSynced();
    lb.syncNow();
    awaitListening();
  }

  private void serve(Netns ns, String address, String shell) throws IOException {
    servers.add(new NamespaceSet(ns, Optional.empty()).processBuilder(List.of("socat", address, "SYSTEM:" + shell))
        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start());
  }

  private void awaitListening() throws InterruptedException {
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (System.nanoTime() < deadline) {
      if (probe("tcp", "10.99.1.2", "8080").contains("be1") && probe("tcp", "10.99.2.2", "8080").contains("be2")
          && probe("udp", "10.99.1.2", "8053").contains("be1") && probe("udp", "10.99.2.2", "8053").contains("be2")) {
        return;
      }
      Thread.sleep(50);
    }
    throw new AssertionError("the backends' socat did not listen within 10 s");
  }

  @AfterEach
  void removeAll() throws Exception {
    try {
      if (lb != null) {
        lb.close();
      }
      if (hooks != null) {
        hooks.remove();
      }
    } finally {
      servers.forEach(Process::destroyForcibly);
      KernelTestSupport.removeAll(p);
    }
    Path pins = Bpffs.DEFAULT.resolve(Cgroup.OWNER_PREFIX + owner);
    assertThat(Files.exists(pins)).as("pins under " + pins).isFalse();
    assertThat(Cgroup.of(owner, "node-1").exists()).isFalse();
    assertThat(Files.exists(Cgroup.v2Mount().resolve(Cgroup.OWNER_PREFIX + owner))).isFalse();
    String tree = Exec.run(List.of("bpftool", "cgroup", "tree", Cgroup.v2Mount().toString()), null).stdout();
    assertThat(tree).doesNotContain(owner);
  }

  /** The probe as a pod process of node-1: into the cgroup first, then into the client netns. */
  private String probe(String... args) {
    List<String> argv = new ArrayList<>(List.of("sh", "-c", "echo $$ > " + hooks.cgroup().dir().resolve("cgroup.procs") + " && exec \"$@\"", "sh"));
    List<String> cmd = new ArrayList<>(List.of(PROBE.toString()));
    cmd.addAll(List.of(args));
    argv.addAll(new NamespaceSet(client, Optional.empty()).command(cmd));
    Exec.Result r = Exec.run(argv, null);
    return r.stdout().strip() + r.stderr().strip();
  }

  private Set<String> replies(int n, String... args) {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < n; i++) {
      seen.add(probe(args));
    }
    return seen;
  }

  @Test
  void tcpToTheClusterIpReachesBothBackendsAndGetpeernameShowsTheServiceAddress() {
    assertThat(replies(24, "tcp", "10.96.0.50", "80")).containsExactlyInAnyOrder("peer=10.96.0.50:80 reply=be1", "peer=10.96.0.50:80 reply=be2");
  }

  @Test
  void dualStackSocketsDialingAnIpv4ServiceAreTranslatedToo() {
    assertThat(replies(16, "tcp6", "10.96.0.50", "80")).containsExactlyInAnyOrder("peer=10.96.0.50:80 reply=be1",
        "peer=10.96.0.50:80 reply=be2");
    assertThat(probe("udp6", "10.96.0.53", "53", "40003")).startsWith("peer=10.96.0.53:53 reply=be");
    assertThat(probe("udp-connected6", "10.96.0.53", "53")).startsWith("peer=10.96.0.53:53 reply=be");
    assertThat(probe("tcp6", "10.96.0.51", "80")).isEqualTo("error=ECONNREFUSED during=connect");
  }

  @Test
  void aTranslatedFlowLeavesNoDnatEntryInConntrack() {
    // a ct rule makes the client netns track its connections, so a DNAT would show in the table
    Nft.tool().apply(client, "add table ip pne\nadd chain ip pne out { type filter hook output priority 0 ; }\nadd rule ip pne out ct state new counter\n");
    assertThat(probe("tcp", "10.96.0.50", "80")).startsWith("peer=10.96.0.50:80 reply=be");
    String table = Exec.run(new NamespaceSet(client, Optional.empty()).command(List.of("conntrack", "-L", "-p", "tcp")), null).stdout();
    assertThat(table).contains("dport=8080").doesNotContain("10.96.0.50").doesNotContain("DNAT");
  }

  @Test
  void aServiceWithoutEndpointsIsRefusedAtOnceForTcpAndUdp() {
    assertThat(probe("tcp", "10.96.0.51", "80")).isEqualTo("error=ECONNREFUSED during=connect");
    assertThat(probe("udp", "10.96.0.52", "53", "40001")).isEqualTo("error=ECONNREFUSED during=sendto");
  }

  @Test
  void aUdpClientWithAFixedSourcePortSeesTheServiceAddressAndMovesOnWhenItsEndpointGoes() {
    assertThat(replies(24, "udp", "10.96.0.53", "53", "40000"))
        .containsExactlyInAnyOrder("peer=10.96.0.53:53 reply=be1", "peer=10.96.0.53:53 reply=be2");
    lb.onSliceUpdated(slice("dns", "UDP", 8053, ready("10.99.2.2", "node-2")));
    lb.syncNow();
    assertThat(replies(10, "udp", "10.96.0.53", "53", "40000")).containsExactly("peer=10.96.0.53:53 reply=be2");
    assertThat(probe("udp-connected", "10.96.0.53", "53")).isEqualTo("peer=10.96.0.53:53 reply=be2");
  }

  @Test
  void anEndpointRemovedGetsNoNewConnections() {
    lb.onSliceUpdated(slice("web", "TCP", 8080, ready("10.99.2.2", "node-2")));
    lb.syncNow();
    assertThat(replies(12, "tcp", "10.96.0.50", "80")).containsExactly("peer=10.96.0.50:80 reply=be2");
  }

  @Test
  void clientIpAffinityKeepsAClientOnOneBackend() {
    lb.onServiceUpdated(service("web", "10.96.0.50", "TCP", 80).editSpec().withSessionAffinity("ClientIP").endSpec().build());
    lb.syncNow();
    assertThat(replies(12, "tcp", "10.96.0.50", "80")).hasSize(1);
  }

  @Test
  void aFrontendDeletedByHandWithBpftoolIsBackAfterTheResync() {
    String pin = hooks.mapsDir().resolve(SocketLbNames.SERVICES).toString();
    Exec.Result del = Exec.run(List.of("bpftool", "map", "delete", "pinned", pin, "key", "hex", "0a", "60", "00", "32", "00", "50", "06", "00"), null);
    assertThat(del.ok()).as(del.stderr()).isTrue();
    assertThat(probe("tcp", "10.96.0.50", "80")).as("no Service: the connect goes to 10.96.0.50 itself, unrouted").startsWith("error=");
    lb.resyncNow();
    assertThat(probe("tcp", "10.96.0.50", "80")).startsWith("peer=10.96.0.50:80 reply=be");
  }

  @Test
  void podsKeepReachingServicesWhileNoAgentHoldsAnything() throws Exception {
    var loop = java.util.concurrent.Executors.newSingleThreadExecutor();
    try {
      var replies = loop.submit(() -> replies(30, "tcp", "10.96.0.50", "80"));
      Thread.sleep(100);
      // the agent going away (kill -9 closes its map fds the same way): pins and attachments are the kernel's
      lb.close();
      lb = null;
      assertThat(replies.get()).allMatch(r -> r.startsWith("peer=10.96.0.50:80 reply=be"));
    } finally {
      loop.shutdownNow();
    }
    assertThat(probe("udp", "10.96.0.53", "53", "40002")).startsWith("peer=10.96.0.53:53 reply=be");
  }

  @Test
  void downRemovesEveryNodesHooksFoundByListing() {
    SocketLbHooks other = SocketLbHooks.ensure(BpfPrograms.tool(), owner, "node-2");
    lb.close();
    lb = null;
    SocketLbHooks.removeAll(BpfPrograms.tool(), owner);
    assertThat(other.cgroup().exists()).isFalse();
    assertThat(Files.exists(other.mapsDir())).isFalse();
    assertThat(BpfPrograms.tool().attached(hooks.cgroup())).isEmpty();
  }

  @Test
  void aNodeThatFailsToGoDoesNotStopTheOthersAndIsNamedAtTheEnd() throws Exception {
    SocketLbHooks other = SocketLbHooks.ensure(BpfPrograms.tool(), owner, "node-2");
    lb.close();
    lb = null;
    Path stuck = hooks.cgroup().dir().resolve("stuck"); // a sub-cgroup keeps node-1's cgroup busy
    Files.createDirectory(stuck);
    try {
      assertThatThrownBy(() -> SocketLbHooks.removeAll(BpfPrograms.tool(), owner)).isInstanceOf(KernelException.class)
          .hasMessageContaining("nodes [node-1, node-2]").hasMessageContaining("remove cgroup " + hooks.cgroup().dir());
      assertThat(other.cgroup().exists()).isFalse();
      assertThat(Files.exists(other.mapsDir())).isFalse();
      assertThat(Files.exists(hooks.mapsDir())).as("node-1's pins go although its cgroup stays").isFalse();
      assertThat(BpfPrograms.tool().attached(hooks.cgroup())).isEmpty();
    } finally {
      Files.deleteIfExists(stuck);
    }
    SocketLbHooks.removeAll(BpfPrograms.tool(), owner);
    assertThat(hooks.cgroup().exists()).isFalse();
  }

  @Test
  void aRestartedAgentFindsItsProgramsAttachedAndWritesNothing() {
    SocketLbHooks again = SocketLbHooks.ensure(BpfPrograms.tool(), owner, "node-1");
    assertThat(BpfPrograms.tool().attached(again.cgroup())).hasSize(SocketLbNames.PROGRAMS.size());
    try (SocketLb restarted = new SocketLb(again.openMaps(), config("node-1"))) {
      restarted.onServiceAdded(service("web", "10.96.0.50", "TCP", 80).build());
      restarted.onSliceAdded(slice("web", "TCP", 8080, ready("10.99.1.2", "node-1"), ready("10.99.2.2", "node-2")));
      restarted.onServiceAdded(service("dns", "10.96.0.53", "UDP", 53).build());
      restarted.onSliceAdded(slice("dns", "UDP", 8053, ready("10.99.1.2", "node-1"), ready("10.99.2.2", "node-2")));
      restarted.onServiceAdded(service("empty", "10.96.0.51", "TCP", 80).build());
      restarted.onServiceAdded(service("emptyudp", "10.96.0.52", "UDP", 53).build());
      restarted.markServicesSynced();
      restarted.markSlicesSynced();
      restarted.syncNow();
      assertThat(restarted.entriesWritten()).isZero();
    }
  }
}
