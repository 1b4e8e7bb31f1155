package dev.podnet.dns;

import java.net.InetAddress;
import java.util.List;
import java.util.Optional;

/** What DNS needs of an EndpointSlice: its Service, ports, and each endpoint's addresses, hostname and readiness. */
public record SliceEntry(String namespace, String name, String service, List<ServiceEntry.Port> ports, List<Endpoint> endpoints) {
  /** {@code ready} as the slice says it (absent counts as ready, as the API defines). */
  public record Endpoint(List<InetAddress> addresses, Optional<String> hostname, boolean ready) {
    public Endpoint {
      addresses = List.copyOf(addresses);
    }
  }

  public SliceEntry {
    ports = List.copyOf(ports);
    endpoints = List.copyOf(endpoints);
  }

  public String serviceKey() {
    return namespace + "/" + service;
  }
}
