package dev.podnet.daemon;

import dev.podnet.api.Defaults;
import dev.podnet.api.Resources;
import dev.podnet.daemon.api.ServiceAllocations;
import dev.podnet.store.Store;
import dev.podnet.store.StoreException;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cluster DNS add-on, as kubeadm installs CoreDNS: Deployment {@code kube-system/podnet-dns}
 * (2 replicas of the built-in image {@code podnet/dns}) behind Service {@code kube-system/kube-dns}
 * at 10.96.0.10, the address every pod's resolv.conf names. Created when missing and otherwise
 * left alone, so a restarted podnetd keeps the running pods and a user's edits (replicas, args).
 * Nothing waits for the pods: they become ready in the background while the cluster is in use.
 */
final class ClusterDns {
  static final String NAMESPACE = "kube-system";
  static final String DEPLOYMENT = "podnet-dns";
  static final String SERVICE = "kube-dns";
  static final String IMAGE = "podnet/dns";
  private static final Logger log = LoggerFactory.getLogger(ClusterDns.class);
  /** CoreDNS's label, which dashboards and upstream e2e tests select DNS pods by. */
  private static final Map<String, String> LABELS = Map.of("k8s-app", "kube-dns");

  private ClusterDns() {}

  static void ensure(Store store, ServiceAllocations services) {
    if (store.find(Resources.SERVICES, NAMESPACE, SERVICE).isEmpty()) {
      try {
        services.create(Defaults.apply(service()), false);
        log.info("service={}/{} created clusterIP={}", NAMESPACE, SERVICE, ServiceAllocations.DNS_SERVICE_IP);
      } catch (StoreException e) {
        if (!e.is(StoreException.Reason.ALREADY_EXISTS)) {
          throw e;
        }
      }
    }
    if (store.find(Resources.DEPLOYMENTS, NAMESPACE, DEPLOYMENT).isEmpty()) {
      try {
        store.create(Defaults.apply(deployment()));
        log.info("deployment={}/{} created replicas=2 image={}", NAMESPACE, DEPLOYMENT, IMAGE);
      } catch (StoreException e) {
        if (!e.is(StoreException.Reason.ALREADY_EXISTS)) {
          throw e;
        }
      }
    }
  }

  static Service service() {
    return new ServiceBuilder().withNewMetadata().withNamespace(NAMESPACE).withName(SERVICE).addToLabels(LABELS)
        .addToLabels("kubernetes.io/name", "CoreDNS").addToLabels("kubernetes.io/cluster-service", "true").endMetadata()
        .withNewSpec().withClusterIP(ServiceAllocations.DNS_SERVICE_IP).withSelector(LABELS)
        .addNewPort().withName("dns").withProtocol("UDP").withPort(53).withTargetPort(new IntOrString(53)).endPort()
        .addNewPort().withName("dns-tcp").withProtocol("TCP").withPort(53).withTargetPort(new IntOrString(53)).endPort()
        .addNewPort().withName("metrics").withProtocol("TCP").withPort(9153).withTargetPort(new IntOrString(9153)).endPort()
        .endSpec().build();
  }

  static Deployment deployment() {
    return new DeploymentBuilder().withNewMetadata().withNamespace(NAMESPACE).withName(DEPLOYMENT).addToLabels(LABELS).endMetadata()
        .withNewSpec().withReplicas(2).withNewSelector().withMatchLabels(LABELS).endSelector()
        .withNewTemplate().withNewMetadata().withLabels(LABELS).endMetadata()
        // Default: the DNS server's own upstreams are the node's, as CoreDNS's forward . /etc/resolv.conf
        .withNewSpec().withDnsPolicy("Default").withContainers(container()).endSpec()
        .endTemplate().endSpec().build();
  }

  private static Container container() {
    return new ContainerBuilder().withName("dns").withImage(IMAGE)
        .withArgs("--domain", "cluster.local", "--ttl", "30", "--autopath")
        .addNewPort().withName("dns").withContainerPort(53).withProtocol("UDP").endPort()
        .addNewPort().withName("dns-tcp").withContainerPort(53).withProtocol("TCP").endPort()
        .addNewPort().withName("metrics").withContainerPort(9153).withProtocol("TCP").endPort()
        // probes as CoreDNS's Deployment has them, the readiness period shortened so a killed
        // replica leaves the Service's endpoints within a couple of seconds
        .withNewReadinessProbe().withNewHttpGet().withPath("/ready").withPort(new IntOrString(8181)).endHttpGet()
        .withPeriodSeconds(2).withTimeoutSeconds(1).withFailureThreshold(1).endReadinessProbe()
        .withNewLivenessProbe().withNewHttpGet().withPath("/health").withPort(new IntOrString(8080)).endHttpGet()
        .withInitialDelaySeconds(60).withTimeoutSeconds(5).withSuccessThreshold(1).withFailureThreshold(5).endLivenessProbe()
        // a JVM that starts slowly on a loaded node gets up to 300 s before liveness may kill it
        .withNewStartupProbe().withNewHttpGet().withPath("/health").withPort(new IntOrString(8080)).endHttpGet()
        .withPeriodSeconds(2).withTimeoutSeconds(1).withFailureThreshold(150).endStartupProbe()
        .build();
  }
}
