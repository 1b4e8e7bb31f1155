package dev.podnet.api.validation;

import dev.podnet.api.metallb.AddressRange;
import dev.podnet.api.metallb.IpAddressPool;
import dev.podnet.api.metallb.IpAddressPoolSpec;
import dev.podnet.api.metallb.L2Advertisement;
import dev.podnet.api.metallb.L2AdvertisementSpec;
import dev.podnet.api.metallb.ServiceAllocation;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What MetalLB's validating webhook refuses: addresses that are neither a CIDR nor a FIRST-LAST
 * range, ranges that run backwards or mix families, addresses that overlap within a pool or with
 * another pool (an IP must belong to one pool, or two Services could get it), and selectors that
 * cannot be evaluated.
 */
public final class MetalLbRules {
  private MetalLbRules() {}

  static void pool(IpAddressPool pool, ErrorList errors) {
    IpAddressPoolSpec spec = pool.getSpec();
    FieldPath addresses = FieldPath.of("spec").child("addresses");
    List<AddressRange> seen = new ArrayList<>();
    for (int i = 0; i < spec.addresses().size(); i++) {
      Optional<AddressRange> range = range(spec.addresses().get(i), addresses.index(i), errors);
      if (range.isEmpty()) {
        continue;
      }
      for (AddressRange other : seen) {
        if (other.overlaps(range.get())) {
          errors.invalid(addresses.index(i), range.get().text(), "overlaps with \"" + other.text() + "\" in the same pool");
        }
      }
      seen.add(range.get());
    }
    spec.allocation().ifPresent(a -> allocation(a, FieldPath.of("spec").child("serviceAllocation"), errors));
  }

  /**
   * Overlaps of {@code pool} with the other pools of its namespace, each error naming both
   * ranges and the other pool, as MetalLB's "CIDR X in pool A overlaps with already defined CIDR
   * Y in pool B". Ranges that do not parse are left to {@link Validation#validate}.
   */
  public static List<FieldError> overlaps(IpAddressPool pool, List<IpAddressPool> others) {
    ErrorList errors = new ErrorList();
    FieldPath addresses = FieldPath.of("spec").child("addresses");
    List<String> mine = pool.getSpec().addresses();
    for (int i = 0; i < mine.size(); i++) {
      Optional<AddressRange> range = range(mine.get(i), addresses.index(i), new ErrorList());
      for (IpAddressPool other : others) {
        if (other.name().equals(pool.name()) || range.isEmpty()) {
          continue;
        }
        for (String text : other.getSpec().addresses()) {
          Optional<AddressRange> theirs = range(text, addresses, new ErrorList());
          if (theirs.isPresent() && theirs.get().overlaps(range.get())) {
            errors.invalid(addresses.index(i), mine.get(i), "overlaps with already defined \"" + text + "\" in pool \"" + other.name() + "\"");
          }
        }
      }
    }
    return errors.all();
  }

  static void l2Advertisement(L2Advertisement adv, ErrorList errors) {
    L2AdvertisementSpec spec = adv.getSpec();
    FieldPath at = FieldPath.of("spec");
    for (int i = 0; i < spec.ipAddressPools().size(); i++) {
      errors.requiredName(at.child("ipAddressPools").index(i), spec.ipAddressPools().get(i), Names::dnsSubdomain);
    }
    selectors(spec.ipAddressPoolSelectors(), at.child("ipAddressPoolSelectors"), errors);
    selectors(spec.nodeSelectors(), at.child("nodeSelectors"), errors);
  }

  private static void allocation(ServiceAllocation a, FieldPath at, ErrorList errors) {
    errors.atLeast(at.child("priority"), a.priority(), 0);
    for (int i = 0; i < a.namespaces().size(); i++) {
      errors.requiredName(at.child("namespaces").index(i), a.namespaces().get(i), Names::dnsLabel);
    }
    selectors(a.namespaceSelectors(), at.child("namespaceSelectors"), errors);
    selectors(a.serviceSelectors(), at.child("serviceSelectors"), errors);
  }

  private static Optional<AddressRange> range(String text, FieldPath at, ErrorList errors) {
    if (ErrorList.isBlank(text)) {
      errors.required(at);
      return Optional.empty();
    }
    try {
      return Optional.of(AddressRange.parse(text));
    } catch (IllegalArgumentException e) {
      errors.invalid(at, text, e.getMessage());
      return Optional.empty();
    }
  }

  static void selectors(List<LabelSelector> selectors, FieldPath at, ErrorList errors) {
    for (int i = 0; i < selectors.size(); i++) {
      LabelSelector s = selectors.get(i);
      FieldPath one = at.index(i);
      errors.labels(one.child("matchLabels"), s.getMatchLabels());
      List<LabelSelectorRequirement> expressions = s.getMatchExpressions() == null ? List.of() : s.getMatchExpressions();
      for (int j = 0; j < expressions.size(); j++) {
        WorkloadRules.requirement(expressions.get(j), one.child("matchExpressions").index(j), errors);
      }
    }
  }
}
