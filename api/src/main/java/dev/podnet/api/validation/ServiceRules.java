package dev.podnet.api.validation;

import dev.podnet.api.Services;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceSpec;
import io.fabric8.kubernetes.api.model.SessionAffinityConfig;
import java.util.List;
import java.util.Objects;

/**
 * A Service's spec as upstream's ValidateService checks it: the type and what each type may carry,
 * the virtual IP (empty for the API server to allocate, {@code None} for headless, or an address),
 * ports, session affinity and traffic policies. Whether a requested IP or node port is free is the
 * allocator's question, not validation's.
 */
final class ServiceRules {
  static final List<String> TYPES = List.of(Services.CLUSTER_IP, Services.EXTERNAL_NAME, Services.LOAD_BALANCER, Services.NODE_PORT);
  private static final List<String> AFFINITIES = List.of("ClientIP", "None");
  private static final List<String> POLICIES = List.of(Services.CLUSTER, Services.LOCAL);
  static final int MAX_CLIENT_IP_TIMEOUT_SECONDS = 86400;

  private ServiceRules() {}

  static void validate(Service service, ErrorList errors) {
    FieldPath path = FieldPath.of("spec");
    ServiceSpec spec = Services.spec(service);
    errors.oneOf(path.child("type"), spec.getType(), TYPES);
    if (Services.EXTERNAL_NAME.equals(spec.getType())) {
      externalName(spec, path, errors);
    } else {
      clusterIp(service, path.child("clusterIP"), errors);
    }
    boolean portsOptional = Services.isHeadless(service) || Services.EXTERNAL_NAME.equals(spec.getType());
    if (Services.ports(service).isEmpty() && !portsOptional) {
      errors.required(path.child("ports"));
    }
    ServicePortRules.validate(service, path.child("ports"), errors);
    errors.labels(path.child("selector"), spec.getSelector());
    sessionAffinity(spec, path, errors);
    trafficPolicies(service, path, errors);
    externalIps(spec.getExternalIPs(), path.child("externalIPs"), errors);
  }

  /** clusterIP cannot change once allocated, except by leaving or entering ExternalName (which has none). */
  static void update(Service current, Service updated, ErrorList errors) {
    boolean external = Services.EXTERNAL_NAME.equals(Services.type(current)) || Services.EXTERNAL_NAME.equals(Services.type(updated));
    if (!external && !Services.clusterIp(current).equals(Services.clusterIp(updated))) {
      errors.invalid(FieldPath.of("spec").child("clusterIP"), Services.clusterIp(updated), "field is immutable");
    }
  }

  private static void externalName(ServiceSpec spec, FieldPath path, ErrorList errors) {
    if (!ErrorList.isBlank(spec.getClusterIP())) {
      errors.forbidden(path.child("clusterIP"), "may not be set for ExternalName services");
    }
    String name = spec.getExternalName();
    if (ErrorList.isBlank(name)) {
      errors.required(path.child("externalName"));
    } else {
      errors.name(path.child("externalName"), name.endsWith(".") ? name.substring(0, name.length() - 1) : name, Names::dnsSubdomain);
    }
  }

  private static void clusterIp(Service service, FieldPath at, ErrorList errors) {
    String ip = Services.clusterIp(service);
    if (ip.isEmpty()) {
      return;
    }
    if (Services.NONE.equals(ip)) {
      if (Services.allowsNodePorts(service)) {
        errors.invalid(at, ip, "may not be set to 'None' for " + Services.type(service) + " services");
      }
    } else if (!PodSpecRules.isIp(ip)) {
      errors.invalid(at, ip, "must be empty, 'None', or a valid IP address");
    }
  }

  private static void sessionAffinity(ServiceSpec spec, FieldPath path, ErrorList errors) {
    errors.oneOf(path.child("sessionAffinity"), spec.getSessionAffinity(), AFFINITIES);
    SessionAffinityConfig config = spec.getSessionAffinityConfig();
    FieldPath at = path.child("sessionAffinityConfig");
    if (!"ClientIP".equals(spec.getSessionAffinity())) {
      if (config != null && config.getClientIP() != null) {
        errors.invalid(at, config, "must not be set when session affinity is None");
      }
      return;
    }
    Integer timeout = config == null || config.getClientIP() == null ? null : config.getClientIP().getTimeoutSeconds();
    if (timeout != null && (timeout <= 0 || timeout > MAX_CLIENT_IP_TIMEOUT_SECONDS)) {
      errors.invalid(at.child("clientIP").child("timeoutSeconds"), timeout,
          "must be greater than 0 and less than or equal to " + MAX_CLIENT_IP_TIMEOUT_SECONDS);
    }
  }

  private static void trafficPolicies(Service service, FieldPath path, ErrorList errors) {
    ServiceSpec spec = Services.spec(service);
    String external = spec.getExternalTrafficPolicy();
    if (!ErrorList.isBlank(external) && !Services.isExternallyAccessible(service)) {
      errors.invalid(path.child("externalTrafficPolicy"), external, "may only be set for externally-accessible services");
    } else {
      errors.oneOf(path.child("externalTrafficPolicy"), ErrorList.isBlank(external) ? null : external, POLICIES);
    }
    errors.oneOf(path.child("internalTrafficPolicy"), spec.getInternalTrafficPolicy(), POLICIES);
    Integer healthCheck = spec.getHealthCheckNodePort();
    if (healthCheck != null && healthCheck != 0) {
      if (!Services.needsHealthCheck(service)) {
        errors.invalid(path.child("healthCheckNodePort"), healthCheck,
            "may only be set when `type` is 'LoadBalancer' and `externalTrafficPolicy` is 'Local'");
      } else {
        ContainerRules.portNumber(path.child("healthCheckNodePort"), healthCheck, errors);
      }
    }
  }

  private static void externalIps(List<String> ips, FieldPath path, ErrorList errors) {
    List<String> all = Objects.requireNonNullElse(ips, List.of());
    for (int i = 0; i < all.size(); i++) {
      if (!PodSpecRules.isIp(all.get(i))) {
        errors.invalid(path.index(i), all.get(i), "must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)");
      }
    }
  }
}
