package dev.podnet.api.metallb;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.kubernetes.api.model.LabelSelector;
import java.util.List;
import java.util.OptionalLong;

/**
 * How pools are announced over BGP, MetalLB's fields by their names: which pools
 * ({@code ipAddressPools} by name or {@code ipAddressPoolSelectors}; neither means every pool),
 * the prefix length each IP is announced with ({@code aggregationLength}, default 32, and
 * {@code aggregationLengthV6}, default 128), {@code localPref} (iBGP peers only), standard
 * {@code communities} ({@code 64500:100}), which BGPPeers get it ({@code peers} by name; none
 * means every peer) and which nodes announce ({@code nodeSelectors}; none means every node).
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record BgpAdvertisementSpec(Integer aggregationLength, Integer aggregationLengthV6, Long localPref, List<String> communities,
    List<String> ipAddressPools, List<LabelSelector> ipAddressPoolSelectors, List<LabelSelector> nodeSelectors, List<String> peers) {
  static final BgpAdvertisementSpec EMPTY = new BgpAdvertisementSpec(null, null, null, null, null, null, null, null);

  public BgpAdvertisementSpec {
    communities = communities == null ? List.of() : List.copyOf(communities);
    ipAddressPools = ipAddressPools == null ? List.of() : List.copyOf(ipAddressPools);
    ipAddressPoolSelectors = ipAddressPoolSelectors == null ? List.of() : List.copyOf(ipAddressPoolSelectors);
    nodeSelectors = nodeSelectors == null ? List.of() : List.copyOf(nodeSelectors);
    peers = peers == null ? List.of() : List.copyOf(peers);
  }

  /** Every IP of the named pools, /32 and /128, to every peer from every node. */
  public static BgpAdvertisementSpec ofPools(List<String> pools) {
    return new BgpAdvertisementSpec(null, null, null, null, pools, null, null, null);
  }

  /** The prefix length for an IP of {@code bits} (32 or 128). */
  @JsonIgnore
  public int aggregation(int bits) {
    Integer set = bits == 32 ? aggregationLength : aggregationLengthV6;
    return set == null ? bits : set;
  }

  @JsonIgnore
  public OptionalLong localPreference() {
    return localPref == null ? OptionalLong.empty() : OptionalLong.of(localPref);
  }
}
