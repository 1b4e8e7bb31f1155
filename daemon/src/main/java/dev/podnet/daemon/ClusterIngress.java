package dev.podnet.daemon;

import dev.podnet.api.Defaults;
import dev.podnet.api.Resources;
import dev.podnet.daemon.api.ServiceAllocations;
import dev.podnet.store.Store;
import dev.podnet.store.StoreException;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.IngressClass;
import io.fabric8.kubernetes.api.model.networking.v1.IngressClassBuilder;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Ingress add-on, as ingress-nginx's manifest installs it: namespace {@code podnet-ingress},
 * IngressClass {@code podnet} (the cluster default, controller {@code podnet.dev/ingress}),
 * Deployment {@code controller} (2 replicas of the built-in image {@code podnet/ingress}, so one
 * can die while the other serves) and Service {@code controller} of type LoadBalancer on 80 and
 * 443 with {@code externalTrafficPolicy: Local}, as ingress-nginx's cloud manifests set it: the
 * proxy sees the client's own address (X-Forwarded-For, X-Real-IP, the access log) rather than a
 * node's, and the address is announced only from nodes running a ready replica. Each object is created when missing and otherwise left alone, as {@link ClusterDns} does,
 * so a user's edits (replicas, the default-class annotation) survive a podnetd restart.
 */
final class ClusterIngress {
  static final String NAMESPACE = "podnet-ingress";
  static final String NAME = "controller";
  static final String CLASS = "podnet";
  static final String CONTROLLER = "podnet.dev/ingress";
  static final String IMAGE = "podnet/ingress";
  static final int STATUS_PORT = 10254;
  private static final Logger log = LoggerFactory.getLogger(ClusterIngress.class);
  /** ingress-nginx's labels, which its dashboards and docs select the controller by. */
  private static final Map<String, String> LABELS = Map.of("app.kubernetes.io/name", "podnet-ingress", "app.kubernetes.io/component", "controller");

  private ClusterIngress() {}

  static void ensure(Store store, ServiceAllocations services) {
    createIfMissing(store, Resources.NAMESPACES, "", NAMESPACE, () -> new NamespaceBuilder().withNewMetadata().withName(NAMESPACE)
        .addToLabels("kubernetes.io/metadata.name", NAMESPACE).endMetadata().withNewSpec().withFinalizers("kubernetes").endSpec()
        .withNewStatus().withPhase("Active").endStatus().build(), store::create);
    createIfMissing(store, Resources.INGRESSCLASSES, "", CLASS, ClusterIngress::ingressClass, store::create);
    createIfMissing(store, Resources.SERVICES, NAMESPACE, NAME, ClusterIngress::service, s -> services.create((Service) s, false));
    createIfMissing(store, Resources.DEPLOYMENTS, NAMESPACE, NAME, ClusterIngress::deployment, store::create);
  }

  private static void createIfMissing(Store store, dev.podnet.api.ResourceType type, String ns, String name, Supplier<HasMetadata> object,
      java.util.function.Consumer<HasMetadata> create) {
    if (store.find(type, ns, name).isPresent()) {
      return;
    }
    try {
      create.accept(Defaults.apply(object.get()));
      log.info("{}={}{} created", type.singular(), ns.isEmpty() ? "" : ns + "/", name);
    } catch (StoreException e) {
      if (!e.is(StoreException.Reason.ALREADY_EXISTS)) {
        throw e;
      }
    }
  }

  static IngressClass ingressClass() {
    return new IngressClassBuilder().withNewMetadata().withName(CLASS).addToLabels(LABELS)
        .addToAnnotations("ingressclass.kubernetes.io/is-default-class", "true").endMetadata()
        .withNewSpec().withController(CONTROLLER).endSpec().build();
  }

  static Service service() {
    return new ServiceBuilder().withNewMetadata().withNamespace(NAMESPACE).withName(NAME).addToLabels(LABELS).endMetadata()
        .withNewSpec().withType("LoadBalancer").withExternalTrafficPolicy("Local").withSelector(LABELS)
        .addNewPort().withName("http").withProtocol("TCP").withPort(80).withTargetPort(new IntOrString("http")).endPort()
        .addNewPort().withName("https").withProtocol("TCP").withPort(443).withTargetPort(new IntOrString("https")).endPort()
        .endSpec().build();
  }

  static Deployment deployment() {
    return new DeploymentBuilder().withNewMetadata().withNamespace(NAMESPACE).withName(NAME).addToLabels(LABELS).endMetadata()
        .withNewSpec().withReplicas(2).withNewSelector().withMatchLabels(LABELS).endSelector()
        .withNewTemplate().withNewMetadata().withLabels(LABELS).endMetadata()
        .withNewSpec().withContainers(container()).withTerminationGracePeriodSeconds(10L).endSpec()
        .endTemplate().endSpec().build();
  }

  private static Container container() {
    return new ContainerBuilder().withName("controller").withImage(IMAGE)
        .withArgs("--ingress-class", CLASS, "--controller-class", CONTROLLER, "--publish-service", NAMESPACE + "/" + NAME)
        .addNewPort().withName("http").withContainerPort(80).withProtocol("TCP").endPort()
        .addNewPort().withName("https").withContainerPort(443).withProtocol("TCP").endPort()
        .addNewPort().withName("metrics").withContainerPort(STATUS_PORT).withProtocol("TCP").endPort()
        // ready once the first routing table is in place; a killed replica leaves the endpoints within seconds
        .withNewReadinessProbe().withNewHttpGet().withPath("/healthz").withPort(new IntOrString(STATUS_PORT)).endHttpGet()
        .withPeriodSeconds(2).withTimeoutSeconds(1).withFailureThreshold(1).endReadinessProbe()
        .withNewLivenessProbe().withNewTcpSocket().withPort(new IntOrString(STATUS_PORT)).endTcpSocket()
        .withInitialDelaySeconds(30).withPeriodSeconds(10).withTimeoutSeconds(5).withFailureThreshold(5).endLivenessProbe()
        // a JVM that starts slowly on a loaded node gets up to 300 s before liveness may kill it
        .withNewStartupProbe().withNewTcpSocket().withPort(new IntOrString(STATUS_PORT)).endTcpSocket()
        .withPeriodSeconds(2).withTimeoutSeconds(1).withFailureThreshold(150).endStartupProbe()
        .build();
  }
}
