package dev.podnet.api.metallb;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.kubernetes.api.model.LabelSelector;
import java.util.List;

/**
 * Which pools an L2Advertisement covers ({@code ipAddressPools} by name, or
 * {@code ipAddressPoolSelectors}; neither means every pool) and which nodes may announce them
 * ({@code nodeSelectors}; none means every node). {@code interfaces} is kept for manifests'
 * sake: a lab node has one LAN interface.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record L2AdvertisementSpec(List<String> ipAddressPools, List<LabelSelector> ipAddressPoolSelectors, List<LabelSelector> nodeSelectors,
    List<String> interfaces) {
  static final L2AdvertisementSpec EMPTY = new L2AdvertisementSpec(List.of(), List.of(), List.of(), List.of());

  public L2AdvertisementSpec {
    ipAddressPools = ipAddressPools == null ? List.of() : List.copyOf(ipAddressPools);
    ipAddressPoolSelectors = ipAddressPoolSelectors == null ? List.of() : List.copyOf(ipAddressPoolSelectors);
    nodeSelectors = nodeSelectors == null ? List.of() : List.copyOf(nodeSelectors);
    interfaces = interfaces == null ? List.of() : List.copyOf(interfaces);
  }
}
