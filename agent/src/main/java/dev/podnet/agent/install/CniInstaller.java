package dev.podnet.agent.install;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Installs the CNI network config and the {@code podnet-cni} executable on a host, and removes
 * them: what flannel's install-cni init containers do with {@code cp}, but atomic and only when
 * the content differs (see the package doc for why).
 *
 * @param confDir where the runtime reads network configs ({@code /etc/cni/net.d})
 * @param binDir  where the runtime finds plugins ({@code /opt/cni/bin})
 */
public record CniInstaller(Path confDir, Path binDir) {
  public static final String CONFLIST = "10-podnet.conflist";
  public static final String PLUGIN = "podnet-cni";
  public static final Path DEFAULT_CONF_DIR = Path.of("/etc/cni/net.d");
  public static final Path DEFAULT_BIN_DIR = Path.of("/opt/cni/bin");

  private static final Logger log = LoggerFactory.getLogger(CniInstaller.class);
  private static final Set<PosixFilePermission> CONFIG_MODE = PosixFilePermissions.fromString("rw-r--r--");
  private static final Set<PosixFilePermission> PLUGIN_MODE = PosixFilePermissions.fromString("rwxr-xr-x");

  /** What an install changed; both false when everything was already in place. */
  public record Changes(boolean pluginCopied, boolean conflistWritten) {}

  public Path conflistPath() {
    return confDir.resolve(CONFLIST);
  }

  public Path pluginPath() {
    return binDir.resolve(PLUGIN);
  }

  /**
   * Copies {@code plugin} (a built {@code podnet-cni}) into the bin dir, then writes the config
   * naming it: the plugin first, so a runtime that sees the config can already exec it.
   */
  public Changes install(Path plugin, CniConflist conflist) {
    byte[] binary = read(plugin);
    boolean copied = ensureFile(pluginPath(), binary, PLUGIN_MODE);
    boolean written = ensureFile(conflistPath(), conflist.json().getBytes(StandardCharsets.UTF_8), CONFIG_MODE);
    log.info("cni installed plugin={} pluginCopied={} conflist={} conflistWritten={}", pluginPath(), copied, conflistPath(), written);
    return new Changes(copied, written);
  }

  /** Removes the config first (no new pod is sent to podnet), then the plugin; what is absent counts as removed. */
  public List<Path> uninstall() {
    List<Path> removed = new ArrayList<>();
    for (Path p : List.of(conflistPath(), pluginPath())) {
      try {
        if (Files.deleteIfExists(p)) {
          removed.add(p);
        }
      } catch (IOException e) {
        throw new CniInstallException("remove " + p + ": " + e + " (remove it by hand, or run the agent with write access to "
            + p.getParent() + ")", e);
      }
    }
    log.info("cni uninstalled removed={}", removed);
    return removed;
  }

  /** Writes {@code content} to {@code target} through a temp file renamed over it, unless it is there already; true if written. */
  static boolean ensureFile(Path target, byte[] content, Set<PosixFilePermission> mode) {
    try {
      if (Files.isRegularFile(target) && Files.size(target) == content.length && Arrays.equals(Files.readAllBytes(target), content)) {
        if (!Files.getPosixFilePermissions(target).equals(mode)) {
          Files.setPosixFilePermissions(target, mode);
        }
        return false;
      }
      Files.createDirectories(target.getParent());
      // a dot name without the target's suffix: runtimes load only *.conf, *.conflist, *.json
      Path temp = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".tmp");
      try {
        Files.write(temp, content);
        Files.setPosixFilePermissions(temp, mode);
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } finally {
        Files.deleteIfExists(temp);
      }
      return true;
    } catch (AtomicMoveNotSupportedException e) {
      throw new CniInstallException("install " + target + ": the directory does not support an atomic rename", e);
    } catch (IOException e) {
      throw new CniInstallException("install " + target + ": " + e + " (is " + target.getParent()
          + " a writable host path? the DaemonSet mounts it from the host)", e);
    }
  }

  private static byte[] read(Path plugin) {
    try {
      return Files.readAllBytes(plugin);
    } catch (IOException e) {
      throw new CniInstallException("read the podnet-cni executable at " + plugin + ": " + e
          + " (build it with 'mvn package -pl cni', or name it with --cni-plugin)", e);
    }
  }
}
