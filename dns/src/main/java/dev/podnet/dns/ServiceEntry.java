package dev.podnet.dns;

import java.net.InetAddress;
import java.util.List;
import java.util.Optional;

/**
 * What DNS needs of a Service, and nothing more: the informer's objects are reduced to this as
 * they arrive, so the server's heap holds a few hundred bytes per Service, not the whole object.
 */
public record ServiceEntry(String namespace, String name, List<InetAddress> clusterIps, Optional<String> externalName,
                           List<Port> ports, boolean publishNotReadyAddresses) {
  /** A named port of a Service or an EndpointSlice; protocol in lower case, as SRV names it. */
  public record Port(String name, String protocol, int port) {}

  public ServiceEntry {
    clusterIps = List.copyOf(clusterIps);
    ports = List.copyOf(ports);
  }

  /** clusterIP None: the name resolves to the endpoints themselves. */
  public boolean headless() {
    return clusterIps.isEmpty() && externalName.isEmpty();
  }

  public String key() {
    return namespace + "/" + name;
  }
}
