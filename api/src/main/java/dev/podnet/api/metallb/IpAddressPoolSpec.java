package dev.podnet.api.metallb;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code addresses}: CIDRs and FIRST-LAST ranges; {@code autoAssign} (default true): whether
 * Services that name no pool may get addresses from it; {@code avoidBuggyIPs}: skip .0 and .255;
 * {@code serviceAllocation}: which Services the pool serves, and its priority among pools.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record IpAddressPoolSpec(List<String> addresses, Boolean autoAssign, Boolean avoidBuggyIPs, ServiceAllocation serviceAllocation) {
  static final IpAddressPoolSpec EMPTY = new IpAddressPoolSpec(List.of(), null, null, null);

  public IpAddressPoolSpec {
    addresses = addresses == null ? List.of() : List.copyOf(addresses);
  }

  @JsonIgnore
  public boolean isAutoAssign() {
    return !Boolean.FALSE.equals(autoAssign);
  }

  @JsonIgnore
  public boolean isAvoidingBuggyIps() {
    return Boolean.TRUE.equals(avoidBuggyIPs);
  }

  @JsonIgnore
  public Optional<ServiceAllocation> allocation() {
    return Optional.ofNullable(serviceAllocation);
  }

  /** Every entry of {@code addresses} parsed; throws on the first bad one (validation reports them all). */
  @JsonIgnore
  public List<AddressRange> ranges() {
    return addresses.stream().filter(Objects::nonNull).map(AddressRange::parse).toList();
  }
}
