package dev.podnet.controller.lb;

import java.util.List;

/** One write the allocation needs on a Service's status, or a Service left pending. */
public sealed interface ServiceChange {
  String namespace();

  String name();

  /** Set {@code status.loadBalancer.ingress} to {@code ips} (ipMode VIP); {@code pool} empty when no pool holds them now. */
  record Assign(String namespace, String name, List<String> ips, String pool) implements ServiceChange {}

  /** Empty the ingress: the Service is no longer a LoadBalancer of ours. */
  record Release(String namespace, String name) implements ServiceChange {}

  /** No address (any held is removed), for {@code reason}; reported as an Event, once per reason. */
  record Pending(String namespace, String name, String reason, boolean holdsIngress) implements ServiceChange {}
}
