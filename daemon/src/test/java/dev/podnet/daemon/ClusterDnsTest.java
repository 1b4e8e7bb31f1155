package dev.podnet.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import dev.podnet.api.Resources;
import dev.podnet.daemon.api.ServiceAllocations;
import dev.podnet.store.MemoryStore;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import org.junit.jupiter.api.Test;

class ClusterDnsTest {
  private final MemoryStore store = new MemoryStore();

  ClusterDnsTest() {
    store.create(new NamespaceBuilder().withNewMetadata().withName("kube-system").endMetadata().build());
  }

  @Test
  void kubeDnsGetsTheFixedAddressAndCoreDnsPorts() {
    ClusterDns.ensure(store, new ServiceAllocations(store));
    Service s = (Service) store.find(Resources.SERVICES, "kube-system", "kube-dns").orElseThrow();
    assertThat(s.getSpec().getClusterIP()).isEqualTo("10.96.0.10");
    assertThat(s.getSpec().getPorts()).extracting(p -> p.getName() + " " + p.getPort() + "/" + p.getProtocol())
        .containsExactly("dns 53/UDP", "dns-tcp 53/TCP", "metrics 9153/TCP");
    assertThat(s.getSpec().getSelector()).containsEntry("k8s-app", "kube-dns");
  }

  @Test
  void theDeploymentRunsTwoReplicasOfTheImageWithCoreDnsProbes() {
    ClusterDns.ensure(store, new ServiceAllocations(store));
    Deployment d = (Deployment) store.find(Resources.DEPLOYMENTS, "kube-system", "podnet-dns").orElseThrow();
    assertThat(d.getSpec().getReplicas()).isEqualTo(2);
    var pod = d.getSpec().getTemplate().getSpec();
    assertThat(pod.getDnsPolicy()).isEqualTo("Default");
    var c = pod.getContainers().get(0);
    assertThat(c.getImage()).isEqualTo("podnet/dns");
    assertThat(c.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/ready");
    assertThat(c.getReadinessProbe().getHttpGet().getPort().getIntVal()).isEqualTo(8181);
    assertThat(c.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/health");
    assertThat(c.getLivenessProbe().getHttpGet().getPort().getIntVal()).isEqualTo(8080);
    assertThat(c.getStartupProbe().getHttpGet().getPath()).isEqualTo("/health");
    assertThat(c.getStartupProbe().getPeriodSeconds() * c.getStartupProbe().getFailureThreshold()).as("a slow JVM start is not killed by liveness")
        .isGreaterThanOrEqualTo(300);
  }

  @Test
  void aRestartKeepsWhatIsThereIncludingAUsersEdits() {
    ClusterDns.ensure(store, new ServiceAllocations(store));
    Deployment d = (Deployment) store.find(Resources.DEPLOYMENTS, "kube-system", "podnet-dns").orElseThrow();
    d.getSpec().setReplicas(3);
    store.update(d);
    String serviceRv = store.find(Resources.SERVICES, "kube-system", "kube-dns").orElseThrow().getMetadata().getResourceVersion();

    ClusterDns.ensure(store, new ServiceAllocations(store)); // podnetd again, with allocations rebuilt from the store

    Deployment after = (Deployment) store.find(Resources.DEPLOYMENTS, "kube-system", "podnet-dns").orElseThrow();
    assertThat(after.getSpec().getReplicas()).isEqualTo(3);
    assertThat(store.find(Resources.SERVICES, "kube-system", "kube-dns").orElseThrow().getMetadata().getResourceVersion())
        .isEqualTo(serviceRv);
  }
}
