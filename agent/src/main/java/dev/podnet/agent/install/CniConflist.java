package dev.podnet.agent.install;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;

/**
 * The network configuration list a runtime reads ({@code /etc/cni/net.d/10-podnet.conflist}, CNI
 * spec 1.0.0): one plugin, {@code podnet-cni}, told where its node's agent listens. No
 * {@code portmap} after it: podnet's service proxy owns host ports, and a second NAT chain would
 * race it. The pod MTU is not written here: the agent answers each ADD with the MTU its backend
 * needs, so changing the backend needs no config rewrite on every host.
 *
 * @param name   the network name, unique on the host (runtimes key cached results by it)
 * @param socket the agent's CNI socket, absolute
 */
public record CniConflist(String name, Path socket) {
  /** The version the file declares: 1.0.0 is the newest the reference plugins and current containerd/CRI-O all read. */
  public static final String CNI_VERSION = "1.0.0";
  public static final String NETWORK = "podnet";
  private static final ObjectMapper JSON = new ObjectMapper();

  public CniConflist {
    if (!socket.isAbsolute()) {
      throw new IllegalArgumentException("CNI socket " + socket + " must be an absolute path: the plugin runs with the runtime's working directory");
    }
  }

  public static CniConflist forSocket(Path socket) {
    return new CniConflist(NETWORK, socket);
  }

  /** The file's text, pretty-printed as an admin would read it, ending in a newline. */
  public String json() {
    ObjectNode root = JSON.createObjectNode().put("cniVersion", CNI_VERSION).put("name", name);
    root.putArray("plugins").addObject().put("type", CniInstaller.PLUGIN).put("socket", socket.toString());
    try {
      return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("render conflist " + name + ": " + e.getMessage(), e);
    }
  }
}
