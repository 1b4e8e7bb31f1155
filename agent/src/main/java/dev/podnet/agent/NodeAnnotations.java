package dev.podnet.agent;

import dev.podnet.api.Resources;
import dev.podnet.store.Store;
import io.fabric8.kubernetes.api.model.Node;
import java.util.HashMap;
import java.util.Map;

/**
 * What the agent says about its node on the Node object, as flannel's
 * {@code flannel.alpha.coreos.com/backend-type} does: the service datapath and routing backend it
 * programs, so {@code describe node} (and anyone with kubectl) can tell how a node's pods reach
 * Services without entering the node.
 */
public final class NodeAnnotations {
  /** {@code nftables} or {@code ebpf}. */
  public static final String DATAPATH = "podnet.dev/datapath";
  /** {@code vxlan}, {@code host-gw} or {@code bgp}. */
  public static final String ROUTING = "podnet.dev/routing";

  private NodeAnnotations() {}

  /** The annotations agent {@code c} programs its node with. */
  static Map<String, String> of(AgentConfig c) {
    return Map.of(DATAPATH, c.datapath().flag(), ROUTING, c.routing());
  }

  /** Writes {@code wanted} onto Node {@code node}, only when it says something else (a restart writes nothing). */
  static void ensure(Store api, String node, Map<String, String> wanted) {
    api.guaranteedUpdate(Resources.NODES, "", node, (Node n) -> {
      Map<String, String> have = n.getMetadata().getAnnotations() == null ? Map.of() : n.getMetadata().getAnnotations();
      if (have.entrySet().containsAll(wanted.entrySet())) {
        return n;
      }
      Map<String, String> merged = new HashMap<>(have);
      merged.putAll(wanted);
      n.getMetadata().setAnnotations(merged);
      return n;
    });
  }
}
