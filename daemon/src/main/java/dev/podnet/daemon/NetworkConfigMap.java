package dev.podnet.daemon;

import dev.podnet.api.Resources;
import dev.podnet.daemon.node.NodeProcess;
import dev.podnet.kernel.Cidr;
import dev.podnet.store.Store;
import dev.podnet.store.StoreException;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import java.util.Map;

/**
 * ConfigMap {@code kube-system/podnet-config}: the cluster's network settings as node agents read
 * them (the same keys deploy/podnet.yaml sets on a real cluster): the routing backend and the pod CIDR.
 */
final class NetworkConfigMap {
  private NetworkConfigMap() {}

  static void ensure(Store store, String backend, Cidr podCidr) {
    Map<String, String> data = Map.of("backend", backend, "podCIDR", podCidr.toString());
    try {
      store.create(new ConfigMapBuilder().withNewMetadata().withName(NodeProcess.CONFIG_NAME).withNamespace(NodeProcess.CONFIG_NAMESPACE)
          .endMetadata().withData(data).build());
    } catch (StoreException e) {
      if (!e.is(StoreException.Reason.ALREADY_EXISTS)) {
        throw e;
      }
      store.guaranteedUpdate(Resources.CONFIGMAPS, NodeProcess.CONFIG_NAMESPACE, NodeProcess.CONFIG_NAME, (ConfigMap c) -> {
        c.setData(data);
        return c;
      });
    }
  }
}
