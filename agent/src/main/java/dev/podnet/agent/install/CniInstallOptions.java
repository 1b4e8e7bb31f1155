package dev.podnet.agent.install;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * The {@code podnet agent} flags for a real host, as a picocli mixin: {@code --install-cni} puts
 * the config and plugin in place once the agent's CNI socket listens; {@code --uninstall-cni}
 * removes both and exits. Off by default: in the lab the runtime is podnet's own and the host's
 * {@code /etc} and {@code /opt} are never touched.
 */
public final class CniInstallOptions {
  /** Where an image or a checkout keeps the built plugin, below {@code $PODNET_HOME}. */
  public static final String BUILT = "cni/target/podnet-cni";

  @Option(names = "--install-cni", description = "Install CNI_CONF_DIR/" + CniInstaller.CONFLIST + " and CNI_BIN_DIR/" + CniInstaller.PLUGIN
      + " once the agent serves CNI (real hosts, as flannel's install-cni does).")
  boolean install;

  @Option(names = "--uninstall-cni", description = "Remove the CNI config and plugin --install-cni wrote, then exit.")
  boolean uninstall;

  @Option(names = "--cni-conf-dir", paramLabel = "CNI_CONF_DIR", defaultValue = "/etc/cni/net.d",
      description = "Where the container runtime reads CNI network configs (default: ${DEFAULT-VALUE}).")
  Path confDir = CniInstaller.DEFAULT_CONF_DIR;

  @Option(names = "--cni-bin-dir", paramLabel = "CNI_BIN_DIR", defaultValue = "/opt/cni/bin",
      description = "Where the container runtime finds CNI plugins (default: ${DEFAULT-VALUE}).")
  Path binDir = CniInstaller.DEFAULT_BIN_DIR;

  @Option(names = "--cni-plugin", paramLabel = "FILE",
      description = "The podnet-cni executable to install (default: $PODNET_HOME/" + BUILT + ").")
  Path plugin;

  public boolean installRequested() {
    return install;
  }

  public boolean uninstallRequested() {
    return uninstall;
  }

  public CniInstaller installer() {
    return new CniInstaller(confDir, binDir);
  }

  /** Installs for the agent listening on {@code socket} when {@code --install-cni} was given. */
  public Optional<CniInstaller.Changes> installIfRequested(Path socket) {
    return install ? Optional.of(installer().install(plugin(System.getenv()), CniConflist.forSocket(socket))) : Optional.empty();
  }

  /** {@code --cni-plugin}, else the one below {@code $PODNET_HOME} (the image sets it), which must exist. */
  Path plugin(Map<String, String> env) {
    if (plugin != null) {
      return plugin;
    }
    String home = env.getOrDefault("PODNET_HOME", "");
    Path built = Path.of(home.isEmpty() ? "." : home).resolve(BUILT).toAbsolutePath().normalize();
    if (!Files.isExecutable(built)) {
      throw new CniInstallException("no podnet-cni executable at " + built + " (set PODNET_HOME to podnet's install directory, "
          + "or name the plugin with --cni-plugin)", null);
    }
    return built;
  }
}
