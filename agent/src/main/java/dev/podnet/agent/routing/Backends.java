package dev.podnet.agent.routing;

import dev.podnet.agent.routing.hostgw.HostGwBackend;
import dev.podnet.agent.routing.vxlan.VxlanBackend;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

/** The routing backends users can choose, by name: an explicit map, no scanning. */
public final class Backends {
  private static final Map<String, Supplier<RoutingBackend>> BY_NAME = new TreeMap<>(Map.of(
      "vxlan", VxlanBackend::new,
      "host-gw", HostGwBackend::new,
      "bgp", dev.podnet.agent.routing.bgp.BgpBackend::new));

  private Backends() {}

  public static RoutingBackend byName(String name) {
    Supplier<RoutingBackend> s = BY_NAME.get(name);
    if (s == null) {
      throw new IllegalArgumentException("unknown routing backend '" + name + "': choose one of " + String.join(", ", BY_NAME.keySet()));
    }
    return s.get();
  }

  public static java.util.Set<String> names() {
    return BY_NAME.keySet();
  }
}
