package dev.podnet.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.podnet.kernel.KernelTest;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** What the command says when there is no cluster to talk to. */
@KernelTest
class NoClusterIT {
  private final Podnet podnet = new Podnet("e2enone", Path.of("/tmp/podnet-e2e-none"));

  @Test
  void applyWithNoClusterUpSaysSoInOneLine() {
    Podnet.Result r = podnet.runWithInput("apiVersion: v1\nkind: Namespace\nmetadata:\n  name: x\n", "apply", "-f", "-");
    assertThat(r.exit()).isNotZero();
    assertThat(r.err().strip()).contains("no cluster 'e2enone' is up").doesNotContain("\n").doesNotContain("Exception");
  }

  @Test
  void getWithNoClusterUpSaysSo() {
    Podnet.Result r = podnet.run("get", "pods");
    assertThat(r.exit()).isNotZero();
    assertThat(r.err()).contains("podnet up");
  }

  @Test
  void helpWorksEverywhere() {
    for (String cmd : new String[] {"up", "down", "apply", "delete", "get", "describe", "wait", "exec", "logs", "status"}) {
      Podnet.Result r = podnet.run(cmd, "--help");
      assertThat(r.exit()).as(cmd).isZero();
      assertThat(r.out()).as(cmd).contains("Usage");
    }
  }
}
