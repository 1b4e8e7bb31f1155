package dev.podnet.agent.lb;

import dev.podnet.api.metallb.IpAddressPool;
import dev.podnet.api.metallb.L2Advertisement;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The objects the announcer follows, recorded as events arrive (the tracker half of kube-proxy's
 * shape: handlers only record, the sync thread reads a snapshot). Other kinds are ignored, so a
 * feeder may pass everything it watches.
 */
final class L2State {
  private final Map<Class<?>, Map<String, HasMetadata>> byKind = new ConcurrentHashMap<>();

  /** True when {@code o} is of a kind the election reads (the caller then schedules a sync). */
  boolean update(HasMetadata o) {
    if (!followed(o)) {
      return false;
    }
    byKind.computeIfAbsent(o.getClass(), k -> new ConcurrentHashMap<>()).put(key(o), o);
    return true;
  }

  boolean delete(HasMetadata o) {
    if (!followed(o)) {
      return false;
    }
    Map<String, HasMetadata> m = byKind.get(o.getClass());
    return m != null && m.remove(key(o)) != null;
  }

  L2Inputs snapshot() {
    return new L2Inputs(list(Service.class), list(EndpointSlice.class), list(Node.class), list(IpAddressPool.class), list(L2Advertisement.class));
  }

  private <T> List<T> list(Class<T> kind) {
    List<T> out = new ArrayList<>();
    byKind.getOrDefault(kind, Map.of()).values().forEach(o -> out.add(kind.cast(o)));
    return out;
  }

  private static boolean followed(HasMetadata o) {
    return o instanceof Service || o instanceof EndpointSlice || o instanceof Node || o instanceof IpAddressPool || o instanceof L2Advertisement;
  }

  private static String key(HasMetadata o) {
    return java.util.Objects.toString(o.getMetadata().getNamespace(), "") + "/" + o.getMetadata().getName();
  }
}
