package dev.podnet.agent.install;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

class CniInstallOptionsTest {
  @TempDir
  Path dir;

  @Command(name = "agent")
  static final class Agent {
    @Mixin
    CniInstallOptions cni;
  }

  private static CniInstallOptions parse(String... args) {
    Agent agent = new Agent();
    new CommandLine(agent).parseArgs(args);
    return agent.cni;
  }

  @Test
  void withoutFlagsNothingIsInstalledSoTheLabNeverTouchesTheHostsDirectories() {
    CniInstallOptions o = parse();
    assertThat(o.installRequested()).isFalse();
    assertThat(o.installer()).isEqualTo(new CniInstaller(Path.of("/etc/cni/net.d"), Path.of("/opt/cni/bin")));
    assertThat(o.installIfRequested(Path.of("/run/podnet/cni.sock"))).isEmpty();
  }

  @Test
  void theFlagsNameTheDirectoriesAndThePlugin() {
    CniInstallOptions o = parse("--install-cni", "--cni-conf-dir", dir.resolve("conf").toString(), "--cni-bin-dir", dir.resolve("bin").toString(),
        "--cni-plugin", CniInstallerTest.BUILT.toString());
    assertThat(o.installIfRequested(Path.of("/run/podnet/cni.sock"))).contains(new CniInstaller.Changes(true, true));
    assertThat(dir.resolve("conf/10-podnet.conflist")).exists();
    assertThat(dir.resolve("bin/podnet-cni")).isExecutable();
    assertThat(parse("--uninstall-cni").uninstallRequested()).isTrue();
  }

  @Test
  void withoutAPluginFlagThePluginIsFoundBelowPodnetHome() {
    CniInstallOptions o = parse();
    assertThat(o.plugin(Map.of("PODNET_HOME", ".."))).isEqualTo(Path.of("../cni/target/podnet-cni").toAbsolutePath().normalize());
    assertThatThrownBy(() -> o.plugin(Map.of("PODNET_HOME", dir.toString()))).isInstanceOf(CniInstallException.class)
        .hasMessageContaining("set PODNET_HOME");
  }
}
