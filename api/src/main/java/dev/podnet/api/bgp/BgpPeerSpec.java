package dev.podnet.api.bgp;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Calico's BGPPeer spec, the fields podnet acts on. {@code node} or {@code nodeSelector} pick
 * the local side; {@code peerIP} with {@code asNumber}, or {@code peerSelector} (other nodes, at
 * their InternalIP and the cluster AS) pick the remote one. Selectors are Calico's expressions
 * ({@code all()}, {@code has(k)}, {@code k == 'v'}, ...; see {@link CalicoSelector}).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BgpPeerSpec(String node, String nodeSelector, String peerIP, Long asNumber, String peerSelector) {
  static final BgpPeerSpec EMPTY = new BgpPeerSpec(null, null, null, null, null);

  /** A peering of every node: neither {@code node} nor {@code nodeSelector} (Calico's global peer). */
  @JsonIgnore
  public boolean global() {
    return blank(node) && blank(nodeSelector);
  }

  static boolean blank(String s) {
    return s == null || s.isBlank();
  }
}
