package dev.podnet.daemon.node;

import dev.podnet.api.Resources;
import dev.podnet.store.Store;
import dev.podnet.store.StoreException;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.NodeConditionBuilder;
import java.net.InetAddress;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * What kubelet does for its Node object: registers it (addresses, labels, node info) when it is
 * missing, and posts the Ready condition. A registered node starts NotReady until its agent and
 * runtime are up, as a kubelet's does until its network plugin is.
 */
final class NodeRegistration {
  private NodeRegistration() {}

  static void ensure(Store api, String name, InetAddress ip) {
    if (api.find(Resources.NODES, "", name).isPresent()) {
      return;
    }
    Node n = new NodeBuilder().withNewMetadata().withName(name)
        .addToLabels("kubernetes.io/hostname", name).addToLabels("kubernetes.io/os", "linux").addToLabels("kubernetes.io/arch", "amd64")
        .endMetadata().withNewSpec().endSpec()
        .withNewStatus().addNewAddress().withType("InternalIP").withAddress(ip.getHostAddress()).endAddress()
        .addNewAddress().withType("Hostname").withAddress(name).endAddress()
        .withConditions(ready(false, "NodeStarting", "podnet is bringing the node up"))
        .withNewNodeInfo().withKubeletVersion("podnet-0.1.0").withContainerRuntimeVersion("podnet://0.1.0").withOperatingSystem("linux")
        .withArchitecture("amd64").withOsImage("podnet lab").withKernelVersion(System.getProperty("os.version")).withKubeProxyVersion("")
        .withMachineID("").withSystemUUID("").withBootID("").endNodeInfo().endStatus().build();
    try {
      api.create(n);
      // An API that drops the status a create carries (as upstream does for most kinds) gets it through /status.
      api.guaranteedUpdateStatus(Resources.NODES, "", name, (Node cur) -> {
        if (cur.getStatus() == null || cur.getStatus().getAddresses().isEmpty()) {
          cur.setStatus(n.getStatus());
        }
        return cur;
      });
    } catch (StoreException e) {
      if (!e.is(StoreException.Reason.ALREADY_EXISTS)) {
        throw e;
      }
    }
  }

  /** Posts Ready=True unless it already says so; true if it wrote. */
  static boolean markReady(Store api, String name) {
    boolean[] wrote = {false};
    api.guaranteedUpdateStatus(Resources.NODES, "", name, (Node n) -> {
      if (isReady(n)) {
        return n;
      }
      List<NodeCondition> conditions = new ArrayList<>(n.getStatus().getConditions());
      conditions.removeIf(c -> c.getType().equals("Ready"));
      conditions.add(ready(true, "KubeletReady", "podnet node agent is posting ready status"));
      n.getStatus().setConditions(conditions);
      wrote[0] = true;
      return n;
    });
    return wrote[0];
  }

  static boolean isReady(Node n) {
    return n.getStatus() != null && n.getStatus().getConditions().stream().anyMatch(c -> c.getType().equals("Ready") && c.getStatus().equals("True"));
  }

  static NodeCondition ready(boolean ready, String reason, String message) {
    String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    return new NodeConditionBuilder().withType("Ready").withStatus(ready ? "True" : "False").withReason(reason).withMessage(message)
        .withLastHeartbeatTime(now).withLastTransitionTime(now).build();
  }
}
