package dev.podnet.api.bgp;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/**
 * Calico's BGPConfiguration spec. podnet acts on {@code asNumber} (default 64512),
 * {@code nodeToNodeMeshEnabled} (default true) and {@code listenPort} (default 179); it keeps
 * {@code logSeverityScreen} and the service advertisement lists so Calico's manifests apply, and
 * ignores them (the LoadBalancer IPs go out through MetalLB's BGP kinds).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BgpConfigurationSpec(Long asNumber, Boolean nodeToNodeMeshEnabled, String logSeverityScreen, Integer listenPort,
    List<Map<String, String>> serviceLoadBalancerIPs, List<Map<String, String>> serviceClusterIPs, List<Map<String, String>> serviceExternalIPs) {
  public static final long DEFAULT_AS = 64512;
  public static final int DEFAULT_PORT = 179;
  public static final BgpConfigurationSpec DEFAULTS = new BgpConfigurationSpec(null, null, null, null, null, null, null);

  public long asn() {
    return asNumber == null ? DEFAULT_AS : asNumber;
  }

  public boolean meshEnabled() {
    return nodeToNodeMeshEnabled == null || nodeToNodeMeshEnabled;
  }

  public int port() {
    return listenPort == null ? DEFAULT_PORT : listenPort;
  }
}
