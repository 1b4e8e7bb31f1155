package dev.podnet.api.bgp;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One session as Calico reports it ({@code peerIP}, {@code type}: NodeMesh, NodePeer or
 * GlobalPeer, {@code state}, {@code since}: RFC 3339 of the last state change), plus what Calico
 * leaves to {@code birdcl}: the AS, prefixes received and sent, and the last error. podnet adds
 * type {@code MetalLB} for MetalLB's BGP-mode sessions and {@code peerName}, the BGPPeer a
 * session was made for (MetalLB's or Calico's; empty for the node mesh).
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record BgpSession(String peerIP, Long asNumber, String type, String peerName, String state, String since, Integer prefixesReceived,
    Integer prefixesSent, String lastError) {
  public static final String ESTABLISHED = "Established";
  /** The type of MetalLB's BGP-mode sessions (node to an external router, announcing LoadBalancer IPs). */
  public static final String METALLB = "MetalLB";

  @JsonIgnore
  public boolean established() {
    return ESTABLISHED.equals(state);
  }
}
