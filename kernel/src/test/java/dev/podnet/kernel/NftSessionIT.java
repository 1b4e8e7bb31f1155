package dev.podnet.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

@KernelTest
class NftSessionIT {
  private final IpKernel k = new IpKernel();
  private final String p = KernelTestSupport.prefix();

  @Test
  void aSessionAppliesAndLeavesNoHistoryInTheUsersHome() throws Exception {
    Netns ns = k.ensureNetns(p + "nft");
    Path history = Path.of(System.getProperty("user.home"), ".nft.history");
    String marker = "podnet_history_probe_" + ProcessHandle.current().pid();
    Nft nft = Nft.session();
    try {
      nft.apply(ns, "add table ip " + marker + "\n");
      nft.apply(ns, "add chain ip " + marker + " c\n");
    } finally {
      nft.release(ns);
    }
    assertThat(Nft.tool().list(ns, "ip", marker)).hasValueSatisfying(l -> assertThat(l).contains("chain c"));
    if (Files.exists(history)) {
      assertThat(Files.readString(history, java.nio.charset.StandardCharsets.ISO_8859_1)).doesNotContain(marker);
    }
  }

  @Test
  void deletingManyNamespacesAtOnceKillsTheirProcessesAndTakesTheirVethsAlong() throws Exception {
    Netns a = k.ensureNetns(p + "bulk-a");
    Netns b = k.ensureNetns(p + "bulk-b");
    k.apply(a, List.of(new IpCommand.LinkAdd(new LinkSpec.Veth("veth-a", "eth0", Optional.of(b), 1500))));
    Process sleeper = new ProcessBuilder(new NamespaceSet(b, Optional.empty()).command(List.of("sleep", "300"))).start();
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (Exec.run(List.of("ip", "netns", "pids", p + "bulk-b"), null).stdout().isBlank() && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    k.deleteAllNamed(p + "bulk-");
    assertThat(k.netnsNames()).noneMatch(n -> n.startsWith(p + "bulk-"));
    assertThat(sleeper.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)).as("the process in a deleted namespace was killed").isTrue();
  }
}
