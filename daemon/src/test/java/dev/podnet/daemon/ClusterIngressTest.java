package dev.podnet.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import dev.podnet.api.Resources;
import dev.podnet.api.validation.Validation;
import dev.podnet.daemon.api.ServiceAllocations;
import dev.podnet.store.MemoryStore;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.IngressClass;
import org.junit.jupiter.api.Test;

class ClusterIngressTest {
  private final MemoryStore store = new MemoryStore();

  @Test
  void theAddOnIsAValidDefaultClassALoadBalancerOn80And443AndTwoControllerReplicas() {
    ClusterIngress.ensure(store, new ServiceAllocations(store));
    IngressClass c = (IngressClass) store.find(Resources.INGRESSCLASSES, "", "podnet").orElseThrow();
    assertThat(c.getSpec().getController()).isEqualTo("podnet.dev/ingress");
    assertThat(c.getMetadata().getAnnotations()).containsEntry("ingressclass.kubernetes.io/is-default-class", "true");
    Service s = (Service) store.find(Resources.SERVICES, "podnet-ingress", "controller").orElseThrow();
    assertThat(s.getSpec().getType()).isEqualTo("LoadBalancer");
    assertThat(s.getSpec().getPorts()).extracting(p -> p.getName() + " " + p.getPort() + " nodePort>0=" + (p.getNodePort() != null && p.getNodePort() > 0))
        .containsExactly("http 80 nodePort>0=true", "https 443 nodePort>0=true");
    Deployment d = (Deployment) store.find(Resources.DEPLOYMENTS, "podnet-ingress", "controller").orElseThrow();
    assertThat(d.getSpec().getReplicas()).isEqualTo(2);
    assertThat(d.getSpec().getTemplate().getSpec().getContainers().get(0).getImage()).isEqualTo("podnet/ingress");
    var startup = d.getSpec().getTemplate().getSpec().getContainers().get(0).getStartupProbe();
    assertThat(startup.getPeriodSeconds() * startup.getFailureThreshold()).as("a slow JVM start is not killed by liveness").isGreaterThanOrEqualTo(300);
    assertThat(Validation.validate(c)).isEmpty();
    assertThat(Validation.validate(d)).isEmpty();
  }

  @Test
  void aUsersEditsSurviveARestart() {
    ClusterIngress.ensure(store, new ServiceAllocations(store));
    Deployment d = (Deployment) store.find(Resources.DEPLOYMENTS, "podnet-ingress", "controller").orElseThrow();
    d.getSpec().setReplicas(1);
    store.update(d);
    ClusterIngress.ensure(store, new ServiceAllocations(store));
    assertThat(((Deployment) store.find(Resources.DEPLOYMENTS, "podnet-ingress", "controller").orElseThrow()).getSpec().getReplicas()).isEqualTo(1);
  }
}
