package dev.podnet.daemon.api;

import dev.podnet.api.Services;
import dev.podnet.api.validation.FieldError;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.ServiceSpec;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * Which cluster IPs and node ports are held, and the assignment of both to one Service: requested
 * values are checked, missing ones drawn at random (so two API servers' guesses rarely collide, as
 * upstream's bitmap allocator does). Not thread-safe: {@link ServiceAllocations} owns it under its lock.
 */
final class ServiceAddresses {
  private static final BitSet NO_SKIP = new BitSet();

  private final ClusterIpRange ips;
  private final NodePortRange nodePorts;
  private final BitSet usedIps;
  private final BitSet usedPorts;
  /** Offsets handed out only when asked for by address: the kubernetes Service's and DNS's. */
  private final BitSet reserved = new BitSet();

  ServiceAddresses(ClusterIpRange ips, NodePortRange nodePorts, List<String> reservedIps) {
    this(ips, nodePorts, new BitSet(), new BitSet());
    reservedIps.forEach(ip -> reserved.set(ips.offsetOf(ip)));
  }

  private ServiceAddresses(ClusterIpRange ips, NodePortRange nodePorts, BitSet usedIps, BitSet usedPorts) {
    this.ips = ips;
    this.nodePorts = nodePorts;
    this.usedIps = usedIps;
    this.usedPorts = usedPorts;
  }

  /** A copy to plan on, so a write that fails leaves this one untouched. */
  ServiceAddresses copy() {
    ServiceAddresses c = new ServiceAddresses(ips, nodePorts, (BitSet) usedIps.clone(), (BitSet) usedPorts.clone());
    c.reserved.or(reserved);
    return c;
  }

  ClusterIpRange ips() {
    return ips;
  }

  NodePortRange nodePorts() {
    return nodePorts;
  }

  /** Marks what a stored Service holds, or frees it. */
  void hold(Service service, boolean held) {
    int offset = ips.offsetOf(Services.clusterIp(service));
    if (offset >= 0) {
      usedIps.set(offset, held);
    }
    for (int port : heldPorts(service)) {
      usedPorts.set(port, held);
    }
  }

  static List<Integer> heldPorts(Service service) {
    List<Integer> ports = new ArrayList<>();
    for (ServicePort p : Services.ports(service)) {
      if (p.getNodePort() != null && p.getNodePort() != 0) {
        ports.add(p.getNodePort());
      }
    }
    Integer health = Services.spec(service).getHealthCheckNodePort();
    if (health != null && health != 0) {
      ports.add(health);
    }
    return ports;
  }

  /**
   * Fills clusterIP and node ports of {@code service} in place and marks them held; what cannot be
   * had is an error (worded as kube-apiserver's allocator words it).
   */
  List<FieldError> assign(Service service, RandomGenerator random) {
    List<FieldError> errors = new ArrayList<>();
    if (!Services.EXTERNAL_NAME.equals(Services.type(service))) {
      clusterIp(service, random, errors);
    }
    ServiceSpec spec = Services.spec(service);
    Map<Integer, Integer> byPort = new HashMap<>();
    List<ServicePort> ports = Services.ports(service);
    for (int i = 0; i < ports.size(); i++) {
      Integer requested = ports.get(i).getNodePort();
      if (requested != null && requested != 0 && !byPort.containsValue(requested)) {
        nodePort(requested, "spec.ports[" + i + "].nodePort", errors);
      }
      if (requested != null && requested != 0) {
        byPort.putIfAbsent(ports.get(i).getPort(), requested);
      }
    }
    if (Services.needsNodePorts(service)) {
      for (ServicePort p : ports) {
        if (p.getNodePort() == null || p.getNodePort() == 0) {
          p.setNodePort(byPort.computeIfAbsent(p.getPort(), k -> randomPort(random)));
        }
      }
    }
    Integer health = spec.getHealthCheckNodePort();
    if (health != null && health != 0) {
      nodePort(health, "spec.healthCheckNodePort", errors);
    } else if (Services.needsHealthCheck(service)) {
      spec.setHealthCheckNodePort(randomPort(random));
    }
    return errors;
  }

  private void clusterIp(Service service, RandomGenerator random, List<FieldError> errors) {
    ServiceSpec spec = Services.spec(service);
    String ip = Services.clusterIp(service);
    if (ip.isEmpty()) {
      ip = ips.address(randomIp(random));
    } else if (!Services.NONE.equals(ip)) {
      int offset = ips.offsetOf(ip);
      if (offset < 0 || !ips.isUsable(offset)) {
        errors.add(FieldError.invalid("spec.clusterIP", ip, "provided IP is not in the valid range. The range of valid IPs is " + ips));
      } else if (usedIps.get(offset)) {
        errors.add(FieldError.invalid("spec.clusterIP", ip, "provided IP is already allocated"));
      } else {
        usedIps.set(offset);
      }
    }
    spec.setClusterIP(ip);
    spec.setClusterIPs(new ArrayList<>(List.of(ip)));
    spec.setIpFamilies(new ArrayList<>(List.of("IPv4")));
    spec.setIpFamilyPolicy("SingleStack");
  }

  private void nodePort(int port, String path, List<FieldError> errors) {
    if (!nodePorts.contains(port)) {
      errors.add(FieldError.invalid(path, port, "provided port is not in the valid range. The range of valid ports is " + nodePorts));
    } else if (usedPorts.get(port)) {
      errors.add(FieldError.invalid(path, port, "provided port is already allocated"));
    } else {
      usedPorts.set(port);
    }
  }

  private int randomIp(RandomGenerator random) {
    int start = 1 + random.nextInt(ips.size() - 2);
    int offset = nextFree(usedIps, reserved, start, ips.size() - 1);
    if (offset < 0) {
      offset = nextFree(usedIps, reserved, 1, start);
    }
    if (offset < 0) {
      throw new RangeFull("failed to allocate a serviceIP: range is full");
    }
    usedIps.set(offset);
    return offset;
  }

  private int randomPort(RandomGenerator random) {
    int start = nodePorts.min() + random.nextInt(nodePorts.size());
    int port = nextFree(usedPorts, NO_SKIP, start, nodePorts.max() + 1);
    if (port < 0) {
      port = nextFree(usedPorts, NO_SKIP, nodePorts.min(), start);
    }
    if (port < 0) {
      throw new RangeFull("failed to allocate a nodePort: range is full");
    }
    usedPorts.set(port);
    return port;
  }

  /** The first index in [from, to) neither used nor in {@code skip}, or -1. */
  private static int nextFree(BitSet used, BitSet skip, int from, int to) {
    int i = used.nextClearBit(from);
    while (i < to && skip.get(i)) {
      i = used.nextClearBit(i + 1);
    }
    return i < to ? i : -1;
  }

  /** Every address or port of the range is held. */
  static final class RangeFull extends RuntimeException {
    RangeFull(String message) {
      super(message);
    }
  }
}
