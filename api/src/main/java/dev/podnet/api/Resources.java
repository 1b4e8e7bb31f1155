package dev.podnet.api;

import dev.podnet.api.bgp.BgpConfiguration;
import dev.podnet.api.bgp.BgpPeer;
import dev.podnet.api.bgp.BgpStatus;
import dev.podnet.api.metallb.BgpAdvertisement;
import dev.podnet.api.metallb.IpAddressPool;
import dev.podnet.api.metallb.L2Advertisement;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressClass;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/** The kinds podnet serves, by every name users and manifests use for them. */
public final class Resources {
  public static final ResourceType NAMESPACES = new ResourceType("Namespace", "", "v1", "namespaces", "namespace", List.of("ns"), false, Namespace.class);
  public static final ResourceType NODES = new ResourceType("Node", "", "v1", "nodes", "node", List.of("no"), false, Node.class);
  public static final ResourceType PODS = new ResourceType("Pod", "", "v1", "pods", "pod", List.of("po"), true, Pod.class);
  public static final ResourceType DEPLOYMENTS = new ResourceType("Deployment", "apps", "v1", "deployments", "deployment", List.of("deploy"), true,
      Deployment.class);

  public static final ResourceType REPLICASETS = new ResourceType("ReplicaSet", "apps", "v1", "replicasets", "replicaset", List.of("rs"), true,
      ReplicaSet.class);

  public static final ResourceType SERVICES = new ResourceType("Service", "", "v1", "services", "service", List.of("svc"), true, Service.class);

  /** kubectl knows no short name for EndpointSlices. */
  public static final ResourceType ENDPOINTSLICES = new ResourceType("EndpointSlice", "discovery.k8s.io", "v1", "endpointslices", "endpointslice",
      List.of(), true, EndpointSlice.class);

  public static final ResourceType SERVICEACCOUNTS = new ResourceType("ServiceAccount", "", "v1", "serviceaccounts", "serviceaccount", List.of("sa"),
      true, ServiceAccount.class);
  public static final ResourceType SECRETS = new ResourceType("Secret", "", "v1", "secrets", "secret", List.of(), true, Secret.class);
  public static final ResourceType CONFIGMAPS = new ResourceType("ConfigMap", "", "v1", "configmaps", "configmap", List.of("cm"), true, ConfigMap.class);
  public static final ResourceType EVENTS = new ResourceType("Event", "", "v1", "events", "event", List.of("ev"), true, Event.class);

  /** Node heartbeats live in {@code kube-node-lease}, one Lease per node, as kubelet renews them. */
  public static final ResourceType LEASES = new ResourceType("Lease", "coordination.k8s.io", "v1", "leases", "lease", List.of(), true, Lease.class);

  /** What a node agent's manifest ({@code deploy/podnet.yaml}) holds: stored and validated; no controller runs DaemonSets. */
  public static final ResourceType DAEMONSETS = new ResourceType("DaemonSet", "apps", "v1", "daemonsets", "daemonset", List.of("ds"), true,
      DaemonSet.class);

  private static final String RBAC = "rbac.authorization.k8s.io";
  public static final ResourceType CLUSTERROLES = new ResourceType("ClusterRole", RBAC, "v1", "clusterroles", "clusterrole", List.of(), false,
      ClusterRole.class);
  public static final ResourceType CLUSTERROLEBINDINGS = new ResourceType("ClusterRoleBinding", RBAC, "v1", "clusterrolebindings",
      "clusterrolebinding", List.of(), false, ClusterRoleBinding.class);
  public static final ResourceType ROLES = new ResourceType("Role", RBAC, "v1", "roles", "role", List.of(), true, Role.class);
  public static final ResourceType ROLEBINDINGS = new ResourceType("RoleBinding", RBAC, "v1", "rolebindings", "rolebinding", List.of(), true,
      RoleBinding.class);

  /** MetalLB's kinds, in its group and in {@code metallb-system} as its manifests have them: users' pools apply unchanged. */
  public static final ResourceType IPADDRESSPOOLS = new ResourceType("IPAddressPool", "metallb.io", "v1beta1", "ipaddresspools", "ipaddresspool",
      List.of(), true, IpAddressPool.class);
  public static final ResourceType L2ADVERTISEMENTS = new ResourceType("L2Advertisement", "metallb.io", "v1beta1", "l2advertisements",
      "l2advertisement", List.of(), true, L2Advertisement.class);

  /**
   * Calico's BGP kinds in podnet's group (Calico's own manifests apply with only the apiVersion
   * changed), cluster-scoped as Calico's; BGPStatus holds each node's sessions, written by its agent.
   */
  public static final ResourceType BGPCONFIGURATIONS = new ResourceType("BGPConfiguration", "podnet.dev", "v1", "bgpconfigurations",
      "bgpconfiguration", List.of(), false, BgpConfiguration.class);
  public static final ResourceType BGPPEERS = new ResourceType("BGPPeer", "podnet.dev", "v1", "bgppeers", "bgppeer", List.of(), false,
      BgpPeer.class);
  public static final ResourceType BGPSTATUSES = new ResourceType("BGPStatus", "podnet.dev", "v1", "bgpstatuses", "bgpstatus", List.of(), false,
      BgpStatus.class);

  /**
   * MetalLB's BGP mode. Its BGPPeer shares the plural {@code bgppeers} with Calico's
   * ({@code podnet.dev}): listed after it, so a bare {@code bgppeers} means Calico's and
   * {@code bgppeers.metallb.io} this one, and stored under its group (see {@link ResourceType#key}).
   */
  public static final ResourceType METALLB_BGPPEERS = new ResourceType("BGPPeer", "metallb.io", "v1beta2", "bgppeers", "bgppeer", List.of(), true,
      dev.podnet.api.metallb.BgpPeer.class);
  public static final ResourceType BGPADVERTISEMENTS = new ResourceType("BGPAdvertisement", "metallb.io", "v1beta1", "bgpadvertisements",
      "bgpadvertisement", List.of(), true, BgpAdvertisement.class);

  public static final ResourceType INGRESSES = new ResourceType("Ingress", "networking.k8s.io", "v1", "ingresses", "ingress", List.of("ing"), true,
      Ingress.class);
  /** Cluster-scoped, as upstream: a class names the controller that serves the Ingresses naming it. */
  public static final ResourceType INGRESSCLASSES = new ResourceType("IngressClass", "networking.k8s.io", "v1", "ingressclasses", "ingressclass",
      List.of(), false, IngressClass.class);

  private static final List<ResourceType> ALL = List.of(NAMESPACES, NODES, PODS, DEPLOYMENTS, REPLICASETS, SERVICES, ENDPOINTSLICES, SERVICEACCOUNTS,
      SECRETS, CONFIGMAPS, EVENTS, LEASES, DAEMONSETS, CLUSTERROLES, CLUSTERROLEBINDINGS, ROLES, ROLEBINDINGS, IPADDRESSPOOLS, L2ADVERTISEMENTS,
      INGRESSES, INGRESSCLASSES, BGPCONFIGURATIONS, BGPPEERS, BGPSTATUSES, METALLB_BGPPEERS, BGPADVERTISEMENTS);

  private Resources() {}

  public static List<ResourceType> all() {
    return ALL;
  }

  /** By kubectl's names: {@code pods}, {@code po}, {@code Pod}, {@code deploy}, {@code deployments.apps}. */
  public static Optional<ResourceType> byName(String name) {
    return ALL.stream().filter(t -> t.isCalled(name)).findFirst();
  }

  /** By a manifest's {@code apiVersion} and {@code kind}. */
  public static Optional<ResourceType> byKind(String apiVersion, String kind) {
    return ALL.stream().filter(t -> t.kind().equals(kind) && t.apiVersion().equals(apiVersion)).findFirst();
  }

  public static Optional<ResourceType> byKind(String kind) {
    return ALL.stream().filter(t -> t.kind().equals(kind)).findFirst();
  }

  public static ResourceType of(HasMetadata object) {
    return ALL.stream().filter(t -> t.type().isInstance(object)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("podnet does not serve " + object.getClass().getSimpleName()));
  }

  /** "Namespace, Node, Pod, Deployment": for error messages. */
  public static String kinds() {
    return ALL.stream().map(ResourceType::kind).collect(Collectors.joining(", "));
  }
}
