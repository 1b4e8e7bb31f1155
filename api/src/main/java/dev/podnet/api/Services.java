package dev.podnet.api;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.ServiceSpec;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What the API server, the EndpointSlice controller, the proxy and the CLI ask of a Service, with
 * upstream's meaning (pkg/api/service/util.go): which type it is, whether it has a virtual IP, and
 * which node ports it holds. A Service whose fields were never defaulted reads as the defaults.
 */
public final class Services {
  public static final String CLUSTER_IP = "ClusterIP";
  public static final String NODE_PORT = "NodePort";
  public static final String LOAD_BALANCER = "LoadBalancer";
  public static final String EXTERNAL_NAME = "ExternalName";
  /** spec.clusterIP of a headless Service: DNS answers with the pods' addresses, the proxy ignores it. */
  public static final String NONE = "None";
  public static final String LOCAL = "Local";
  public static final String CLUSTER = "Cluster";

  /** On an EndpointSlice: the Service it belongs to. */
  public static final String SERVICE_NAME_LABEL = "kubernetes.io/service-name";
  /** On an EndpointSlice: who writes it; the controller touches only slices carrying its own value. */
  public static final String MANAGED_BY_LABEL = "endpointslice.kubernetes.io/managed-by";
  public static final String MANAGED_BY_CONTROLLER = "endpointslice-controller.k8s.io";
  /** On a Service or its slices: the proxy serves a Service only when this label is absent (or names it). */
  public static final String SERVICE_PROXY_NAME_LABEL = "service.kubernetes.io/service-proxy-name";
  /** On the slices of a headless Service, as upstream marks them. */
  public static final String HEADLESS_LABEL = "service.kubernetes.io/headless";

  private Services() {}

  public static ServiceSpec spec(Service service) {
    return Objects.requireNonNullElseGet(service.getSpec(), ServiceSpec::new);
  }

  /** ClusterIP when unset. */
  public static String type(Service service) {
    String type = spec(service).getType();
    return type == null || type.isEmpty() ? CLUSTER_IP : type;
  }

  public static String clusterIp(Service service) {
    return Objects.requireNonNullElse(spec(service).getClusterIP(), "");
  }

  public static boolean isHeadless(Service service) {
    return NONE.equals(clusterIp(service));
  }

  /** NodePort, or LoadBalancer unless allocateLoadBalancerNodePorts is false. */
  public static boolean needsNodePorts(Service service) {
    String type = type(service);
    return NODE_PORT.equals(type) || LOAD_BALANCER.equals(type) && !Boolean.FALSE.equals(spec(service).getAllocateLoadBalancerNodePorts());
  }

  /** May carry nodePorts at all (a LoadBalancer without allocation may still be given some). */
  public static boolean allowsNodePorts(Service service) {
    return NODE_PORT.equals(type(service)) || LOAD_BALANCER.equals(type(service));
  }

  /** Reachable from outside the cluster: upstream's ExternallyAccessible. */
  public static boolean isExternallyAccessible(Service service) {
    List<String> externalIps = Objects.requireNonNullElse(spec(service).getExternalIPs(), List.of());
    return allowsNodePorts(service) || CLUSTER_IP.equals(type(service)) && !externalIps.isEmpty();
  }

  /** A LoadBalancer with externalTrafficPolicy Local: load balancers probe healthCheckNodePort. */
  public static boolean needsHealthCheck(Service service) {
    return LOAD_BALANCER.equals(type(service)) && LOCAL.equals(spec(service).getExternalTrafficPolicy());
  }

  public static List<ServicePort> ports(Service service) {
    return Objects.requireNonNullElse(spec(service).getPorts(), List.of());
  }

  /** The pods' labels a Service selects; empty for a Service without a selector (its endpoints are someone else's). */
  public static Map<String, String> selector(Service service) {
    return Objects.requireNonNullElse(spec(service).getSelector(), Map.of());
  }
}
