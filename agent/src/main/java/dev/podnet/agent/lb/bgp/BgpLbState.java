package dev.podnet.agent.lb.bgp;

import dev.podnet.api.metallb.BgpAdvertisement;
import dev.podnet.api.metallb.BgpPeer;
import dev.podnet.api.metallb.IpAddressPool;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** The objects the BGP plan reads, recorded as events arrive; other kinds are ignored, so a feeder may pass everything it watches. */
final class BgpLbState {
  private static final Set<Class<?>> KINDS = Set.of(Service.class, EndpointSlice.class, Node.class, IpAddressPool.class, BgpAdvertisement.class,
      BgpPeer.class);
  private final Map<Class<?>, Map<String, HasMetadata>> byKind = new ConcurrentHashMap<>();

  /** True when {@code o} is of a kind the plan reads (the caller then schedules a sync). */
  boolean update(HasMetadata o) {
    if (!KINDS.contains(o.getClass())) {
      return false;
    }
    byKind.computeIfAbsent(o.getClass(), k -> new ConcurrentHashMap<>()).put(key(o), o);
    return true;
  }

  boolean delete(HasMetadata o) {
    Map<String, HasMetadata> m = byKind.get(o.getClass());
    return m != null && m.remove(key(o)) != null;
  }

  BgpLbInputs snapshot() {
    return new BgpLbInputs(list(Service.class), list(EndpointSlice.class), list(Node.class), list(IpAddressPool.class),
        list(BgpAdvertisement.class), list(BgpPeer.class));
  }

  private <T> List<T> list(Class<T> kind) {
    List<T> out = new ArrayList<>();
    byKind.getOrDefault(kind, Map.of()).values().forEach(o -> out.add(kind.cast(o)));
    return out;
  }

  private static String key(HasMetadata o) {
    return Objects.toString(o.getMetadata().getNamespace(), "") + "/" + o.getMetadata().getName();
  }
}
