package dev.podnet.api.metallb;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.kubernetes.api.model.LabelSelector;
import java.util.List;

/**
 * MetalLB's {@code serviceAllocation}: the pool serves only Services in {@code namespaces} or in
 * namespaces matching {@code namespaceSelectors}, and matching {@code serviceSelectors}; among
 * matching pools the lowest {@code priority} number wins (unset is last).
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record ServiceAllocation(Integer priority, List<String> namespaces, List<LabelSelector> namespaceSelectors,
    List<LabelSelector> serviceSelectors) {

  public ServiceAllocation {
    namespaces = namespaces == null ? List.of() : List.copyOf(namespaces);
    namespaceSelectors = namespaceSelectors == null ? List.of() : List.copyOf(namespaceSelectors);
    serviceSelectors = serviceSelectors == null ? List.of() : List.copyOf(serviceSelectors);
  }
}
