package dev.podnet.daemon;

import dev.podnet.agent.AgentSettings;
import dev.podnet.api.Resources;
import dev.podnet.agent.AgentAccess;
import dev.podnet.kernel.Cidr;
import dev.podnet.store.Store;
import dev.podnet.store.StoreException;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import java.util.Map;

/**
 * ConfigMap {@code kube-system/podnet-config}: the cluster's network settings as node agents read
 * them (the same keys deploy/podnet.yaml sets on a real cluster): the routing backend, the pod CIDR and the node network's MTU.
 */
final class NetworkConfigMap {
  private NetworkConfigMap() {}

  static void ensure(Store store, String backend, Cidr podCidr, String datapath) {
    Map<String, String> data = Map.of(AgentSettings.BACKEND, backend, AgentSettings.POD_CIDR, podCidr.toString(), AgentSettings.MTU, "1500",
        AgentSettings.DATAPATH, datapath);
    try {
      store.create(new ConfigMapBuilder().withNewMetadata().withName(AgentSettings.CONFIG_MAP).withNamespace(AgentAccess.NAMESPACE)
          .endMetadata().withData(data).build());
    } catch (StoreException e) {
      if (!e.is(StoreException.Reason.ALREADY_EXISTS)) {
        throw e;
      }
      store.guaranteedUpdate(Resources.CONFIGMAPS, AgentAccess.NAMESPACE, AgentSettings.CONFIG_MAP, (ConfigMap c) -> {
        c.setData(data);
        return c;
      });
    }
  }
}
