package dev.podnet.daemon.node;

import dev.podnet.agent.AgentAccess;
import dev.podnet.agent.AgentSettings;
import dev.podnet.agent.Datapath;
import dev.podnet.api.Resources;
import dev.podnet.kernel.Cidr;
import dev.podnet.store.Store;
import dev.podnet.store.StoreException;
import io.fabric8.kubernetes.api.model.ConfigMap;
import java.util.Map;
import java.util.Optional;

/**
 * The cluster's network settings as one agent sees them, each from the first place that has it:
 * the command line, the environment (the DaemonSet maps the ConfigMap's keys to it), ConfigMap
 * {@code kube-system/podnet-config} itself, then the lab's defaults.
 */
record NetworkSettings(String backend, Cidr podCidr, int mtu, Datapath datapath) {

  static NetworkSettings resolve(Optional<String> flagBackend, Map<String, String> env, Store api) {
    boolean allInEnv = AgentSettings.ENV.keySet().stream().filter(k -> !k.equals(AgentSettings.DATAPATH))
        .allMatch(k -> !env.getOrDefault(AgentSettings.ENV.get(k), "").isEmpty());
    Map<String, String> cm = allInEnv ? Map.of() : configMap(api);
    String backend = flagBackend.orElseGet(() -> pick(AgentSettings.BACKEND, env, cm, "vxlan"));
    String cidr = pick(AgentSettings.POD_CIDR, env, cm, "10.244.0.0/16");
    String mtu = pick(AgentSettings.MTU, env, cm, "1500");
    String datapath = pick(AgentSettings.DATAPATH, env, cm, "nftables");
    try {
      return new NetworkSettings(backend, Cidr.parse(cidr), Integer.parseInt(mtu), Datapath.parse(datapath));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("podnet-config: pod-cidr '" + cidr + "' or mtu '" + mtu + "' is not valid (" + e.getMessage()
          + "): fix ConfigMap kube-system/podnet-config or $" + AgentSettings.ENV.get(AgentSettings.POD_CIDR), e);
    }
  }

  /** The ConfigMap's data; none when it is missing or this agent may not read it (the DaemonSet passes the keys as environment instead). */
  private static Map<String, String> configMap(Store api) {
    try {
      return api.<ConfigMap>find(Resources.CONFIGMAPS, AgentAccess.NAMESPACE, AgentSettings.CONFIG_MAP)
          .map(c -> c.getData() == null ? Map.<String, String>of() : c.getData()).orElse(Map.of());
    } catch (StoreException e) {
      return Map.of();
    }
  }

  private static String pick(String key, Map<String, String> env, Map<String, String> cm, String fallback) {
    String fromEnv = env.getOrDefault(AgentSettings.ENV.get(key), "");
    if (!fromEnv.isEmpty()) {
      return fromEnv;
    }
    return cm.getOrDefault(key, "").isEmpty() ? fallback : cm.get(key);
  }
}
