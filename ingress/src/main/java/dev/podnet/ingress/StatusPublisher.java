package dev.podnet.ingress;

import io.fabric8.kubernetes.api.model.LoadBalancerIngress;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressLoadBalancerIngress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressLoadBalancerIngressBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.IngressLoadBalancerStatus;
import io.fabric8.kubernetes.api.model.networking.v1.IngressStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code status.loadBalancer} of each of podnet's Ingresses: the controller Service's
 * load-balancer addresses, as ingress-nginx's --publish-service. Written only when different,
 * through the status subresource; a conflict (another replica wrote first) is settled by the
 * next sync. Until the Service has an address, nothing is written.
 */
final class StatusPublisher {
  private static final Logger log = LoggerFactory.getLogger(StatusPublisher.class);
  private final KubernetesClient client;

  StatusPublisher(KubernetesClient client) {
    this.client = client;
  }

  /** The addresses Ingresses should show, from the published Service (empty while it has none). */
  static List<IngressLoadBalancerIngress> addresses(Optional<Service> published) {
    List<LoadBalancerIngress> lb = published.map(Service::getStatus).map(s -> s.getLoadBalancer()).map(l -> l.getIngress()).orElse(List.of());
    return lb == null ? List.of() : lb.stream()
        .map(i -> new IngressLoadBalancerIngressBuilder().withIp(i.getIp()).withHostname(i.getHostname()).build()).toList();
  }

  /** Brings every Ingress's status to {@code addresses}; returns how many were written. */
  int publish(List<Ingress> ours, List<IngressLoadBalancerIngress> addresses) {
    if (addresses.isEmpty()) {
      return 0;
    }
    int written = 0;
    for (Ingress ing : ours) {
      List<IngressLoadBalancerIngress> now = ing.getStatus() == null || ing.getStatus().getLoadBalancer() == null ? List.of()
          : Objects.requireNonNullElse(ing.getStatus().getLoadBalancer().getIngress(), List.of());
      if (now.equals(addresses)) {
        continue;
      }
      Ingress copy = client.getKubernetesSerialization().clone(ing);
      copy.setStatus(new IngressStatus(new IngressLoadBalancerStatus(addresses)));
      try {
        client.network().v1().ingresses().inNamespace(ing.getMetadata().getNamespace()).resource(copy).updateStatus();
        written++;
      } catch (KubernetesClientException e) {
        log.info("ingress={} status not written (retried on the next sync): {}", ClusterWatch.key(ing), e.getMessage());
      }
    }
    return written;
  }
}
