package dev.podnet.agent.install;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.podnet.cni.CniVersion;
import dev.podnet.cni.NetworkConfig;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CniInstallerTest {
  /** The plugin the cni module builds (at compile time, so it exists wherever the agent's tests run). */
  static final Path BUILT = Path.of(System.getProperty("podnet.cni.launcher", "../cni/target/podnet-cni"));
  private static final Path SOCKET = Path.of("/run/podnet/cni.sock");
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path dir;
  CniInstaller installer;

  @BeforeEach
  void dirs() {
    installer = new CniInstaller(dir.resolve("etc/cni/net.d"), dir.resolve("opt/cni/bin"));
    assertThat(BUILT).as("podnet-cni is built by 'mvn compile -pl cni'").isExecutable();
  }

  @Test
  void installPutsTheConfigAndThePluginInPlaceWithTheModesARuntimeNeeds() throws Exception {
    CniInstaller.Changes changes = installer.install(BUILT, CniConflist.forSocket(SOCKET));
    assertThat(changes).isEqualTo(new CniInstaller.Changes(true, true));
    assertThat(installer.conflistPath()).hasFileName("10-podnet.conflist");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(installer.conflistPath()))).isEqualTo("rw-r--r--");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(installer.pluginPath()))).isEqualTo("rwxr-xr-x");
    assertThat(Files.mismatch(BUILT, installer.pluginPath())).isEqualTo(-1L);
    try (var left = Files.list(installer.confDir())) {
      assertThat(left.map(p -> p.getFileName().toString())).as("no temp file left").containsExactly("10-podnet.conflist");
    }
  }

  @Test
  void theWrittenConflistIsSpec100WithOnlyThePodnetPluginNamingTheAgentSocket() throws Exception {
    installer.install(BUILT, CniConflist.forSocket(SOCKET));
    JsonNode conflist = JSON.readTree(Files.readString(installer.conflistPath()));
    assertThat(conflist.path("cniVersion").asText()).isEqualTo("1.0.0");
    assertThat(conflist.path("name").asText()).matches("[A-Za-z0-9][A-Za-z0-9_.-]*");
    assertThat(conflist.path("plugins")).hasSize(1);
    assertThat(conflist.path("plugins").path(0).path("type").asText()).isEqualTo("podnet-cni").isEqualTo(installer.pluginPath().getFileName().toString());
  }

  @Test
  void theConfigARuntimeDerivesFromTheConflistParsesWithPodnetsOwnParser() throws Exception {
    installer.install(BUILT, CniConflist.forSocket(SOCKET));
    NetworkConfig parsed = NetworkConfig.parse(pluginConfig(Files.readString(installer.conflistPath()), 0));
    assertThat(parsed.version()).isEqualTo(CniVersion.V1_0_0);
    assertThat(parsed.name()).isEqualTo("podnet");
    assertThat(parsed.socket()).isEqualTo(SOCKET);
    assertThat(parsed.mtu()).as("the agent's backend decides the MTU").isEmpty();
  }

  @Test
  void theInstalledCopyOfThePluginAnswersVersionAsARuntimeProbesIt() throws Exception {
    installer.install(BUILT, CniConflist.forSocket(SOCKET));
    ProcessBuilder pb = new ProcessBuilder(installer.pluginPath().toString()).redirectError(ProcessBuilder.Redirect.DISCARD);
    pb.environment().clear();
    pb.environment().put("CNI_COMMAND", "VERSION");
    Process p = pb.start();
    try (OutputStream in = p.getOutputStream()) {
      in.write("{\"cniVersion\":\"1.0.0\"}".getBytes(StandardCharsets.UTF_8));
    }
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    JsonNode reply = JSON.readTree(out);
    assertThat(reply.path("cniVersion").asText()).isEqualTo("1.0.0");
    assertThat(reply.path("supportedVersions").toString()).contains("\"1.0.0\"");
  }

  @Test
  void aSecondInstallWithNothingChangedRewritesNothing() throws Exception {
    installer.install(BUILT, CniConflist.forSocket(SOCKET));
    Object conflistInode = Files.getAttribute(installer.conflistPath(), "unix:ino");
    Object pluginInode = Files.getAttribute(installer.pluginPath(), "unix:ino");
    assertThat(installer.install(BUILT, CniConflist.forSocket(SOCKET))).isEqualTo(new CniInstaller.Changes(false, false));
    assertThat(Files.getAttribute(installer.conflistPath(), "unix:ino")).isEqualTo(conflistInode);
    assertThat(Files.getAttribute(installer.pluginPath(), "unix:ino")).isEqualTo(pluginInode);
  }

  @Test
  void aChangedPluginOrSocketReplacesTheFileByRenameNotInPlace() throws Exception {
    installer.install(BUILT, CniConflist.forSocket(SOCKET));
    Object pluginInode = Files.getAttribute(installer.pluginPath(), "unix:ino");
    Path newer = Files.write(dir.resolve("podnet-cni-newer"), "#!/bin/sh\necho newer\n".getBytes(StandardCharsets.UTF_8));
    Path otherSocket = Path.of("/var/run/podnet/cni.sock");
    assertThat(installer.install(newer, CniConflist.forSocket(otherSocket))).isEqualTo(new CniInstaller.Changes(true, true));
    assertThat(Files.getAttribute(installer.pluginPath(), "unix:ino")).as("a running plugin keeps its old inode").isNotEqualTo(pluginInode);
    assertThat(Files.readString(installer.pluginPath())).contains("newer");
    assertThat(Files.readString(installer.conflistPath())).contains(otherSocket.toString());
  }

  @Test
  void uninstallRemovesBothAndASecondUninstallIsNoError() {
    installer.install(BUILT, CniConflist.forSocket(SOCKET));
    assertThat(installer.uninstall()).containsExactly(installer.conflistPath(), installer.pluginPath());
    assertThat(installer.conflistPath()).doesNotExist();
    assertThat(installer.pluginPath()).doesNotExist();
    assertThat(installer.uninstall()).isEmpty();
  }

  @Test
  void aMissingPluginSaysWhereItLookedAndHowToBuildIt() {
    Path missing = dir.resolve("nowhere/podnet-cni");
    assertThatThrownBy(() -> installer.install(missing, CniConflist.forSocket(SOCKET))).isInstanceOf(CniInstallException.class)
        .hasMessageContaining(missing.toString()).hasMessageContaining("mvn package -pl cni");
    assertThat(installer.conflistPath()).as("no config naming a plugin that is not there").doesNotExist();
  }

  @Test
  void aRelativeSocketIsRefused() {
    assertThatThrownBy(() -> CniConflist.forSocket(Path.of("cni.sock"))).hasMessageContaining("absolute");
  }

  /**
   * What libcni hands the first plugin of a list: the plugin object with the list's cniVersion and
   * name inserted (CNI spec, "Deriving request configuration from plugin configuration").
   */
  static String pluginConfig(String conflist, int index) throws Exception {
    JsonNode list = JSON.readTree(conflist);
    ObjectNode plugin = ((ObjectNode) list.path("plugins").path(index)).deepCopy();
    plugin.put("cniVersion", list.path("cniVersion").asText()).put("name", list.path("name").asText());
    return JSON.writeValueAsString(plugin);
  }
}
