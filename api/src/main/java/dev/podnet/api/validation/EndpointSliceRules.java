package dev.podnet.api.validation;

import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointPort;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import java.util.List;
import java.util.Objects;

/** An EndpointSlice as upstream's discovery validation checks it: an address type, addresses of that type, named ports. */
final class EndpointSliceRules {
  private static final List<String> ADDRESS_TYPES = List.of("FQDN", "IPv4", "IPv6");
  private static final int MAX_ENDPOINTS = 1000;
  private static final int MAX_ADDRESSES = 100;
  private static final int MAX_PORTS = 20000;

  private EndpointSliceRules() {}

  static void validate(EndpointSlice slice, ErrorList errors) {
    String type = slice.getAddressType();
    if (ErrorList.isBlank(type)) {
      errors.required(FieldPath.of("addressType"));
    } else {
      errors.oneOf(FieldPath.of("addressType"), type, ADDRESS_TYPES);
    }
    List<Endpoint> endpoints = Objects.requireNonNullElse(slice.getEndpoints(), List.of());
    if (endpoints.size() > MAX_ENDPOINTS) {
      errors.add(new FieldError("endpoints", FieldError.Type.TOO_LONG, "", "must have at most " + MAX_ENDPOINTS + " items"));
    }
    for (int i = 0; i < endpoints.size(); i++) {
      endpoint(endpoints.get(i), type, FieldPath.of("endpoints").index(i), errors);
    }
    List<EndpointPort> ports = Objects.requireNonNullElse(slice.getPorts(), List.of());
    if (ports.size() > MAX_PORTS) {
      errors.add(new FieldError("ports", FieldError.Type.TOO_LONG, "", "must have at most " + MAX_PORTS + " items"));
    }
    for (int i = 0; i < ports.size(); i++) {
      EndpointPort p = ports.get(i);
      FieldPath at = FieldPath.of("ports").index(i);
      errors.optionalName(at.child("name"), p.getName(), Names::dnsLabel);
      errors.oneOf(at.child("protocol"), p.getProtocol(), List.of("SCTP", "TCP", "UDP"));
      if (p.getPort() != null) {
        ContainerRules.portNumber(at.child("port"), p.getPort(), errors);
      }
    }
  }

  private static void endpoint(Endpoint e, String type, FieldPath at, ErrorList errors) {
    List<String> addresses = Objects.requireNonNullElse(e.getAddresses(), List.of());
    if (addresses.isEmpty()) {
      errors.required(at.child("addresses"), "must contain at least 1 address");
    } else if (addresses.size() > MAX_ADDRESSES) {
      errors.add(new FieldError(at.child("addresses").text(), FieldError.Type.TOO_LONG, "", "must have at most " + MAX_ADDRESSES + " items"));
    }
    for (int i = 0; i < addresses.size(); i++) {
      String a = addresses.get(i);
      boolean ok = "FQDN".equals(type) ? Names.dnsSubdomain(a).isEmpty() : PodSpecRules.isIp(a) && a.contains(":") == "IPv6".equals(type);
      if (!ok) {
        errors.invalid(at.child("addresses").index(i), a, "must be a valid " + type + " address");
      }
    }
    errors.optionalName(at.child("nodeName"), e.getNodeName(), Names::dnsSubdomain);
    errors.optionalName(at.child("hostname"), e.getHostname(), Names::dnsLabel);
  }
}
