package dev.podnet.api;

import io.fabric8.kubernetes.api.model.ClientIPConfig;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.ServiceSpec;
import io.fabric8.kubernetes.api.model.SessionAffinityConfig;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;

/**
 * Upstream's SetDefaults_Service and SetDefaults_EndpointPort. Addresses and node ports are not
 * defaults: the API server allocates them when it stores the Service.
 */
final class ServiceDefaults {
  static final int CLIENT_IP_TIMEOUT_SECONDS = 10800;

  private ServiceDefaults() {}

  static void service(Service service) {
    ServiceSpec spec = Defaults.orNew(service.getSpec(), ServiceSpec::new);
    service.setSpec(spec);
    Defaults.set(spec.getType(), spec::setType, Services.CLUSTER_IP);
    Defaults.set(spec.getSessionAffinity(), spec::setSessionAffinity, "None");
    if ("None".equals(spec.getSessionAffinity())) {
      // an update switching affinity off keeps the stored (defaulted) config; upstream drops it here
      spec.setSessionAffinityConfig(null);
    }
    if ("ClientIP".equals(spec.getSessionAffinity())) {
      SessionAffinityConfig config = Defaults.orNew(spec.getSessionAffinityConfig(), SessionAffinityConfig::new);
      ClientIPConfig clientIp = Defaults.orNew(config.getClientIP(), ClientIPConfig::new);
      Defaults.set(clientIp.getTimeoutSeconds(), clientIp::setTimeoutSeconds, CLIENT_IP_TIMEOUT_SECONDS);
      config.setClientIP(clientIp);
      spec.setSessionAffinityConfig(config);
    }
    Defaults.forEach(spec.getPorts(), ServiceDefaults::port);
    if (Services.allowsNodePorts(service)) {
      Defaults.set(spec.getExternalTrafficPolicy(), spec::setExternalTrafficPolicy, Services.CLUSTER);
    }
    if (!Services.EXTERNAL_NAME.equals(spec.getType())) {
      Defaults.set(spec.getInternalTrafficPolicy(), spec::setInternalTrafficPolicy, Services.CLUSTER);
    }
    if (Services.LOAD_BALANCER.equals(spec.getType())) {
      Defaults.set(spec.getAllocateLoadBalancerNodePorts(), spec::setAllocateLoadBalancerNodePorts, true);
    }
  }

  /** targetPort defaults to the port itself: a Service in front of pods listening where it does. */
  private static void port(ServicePort port) {
    Defaults.set(port.getProtocol(), port::setProtocol, "TCP");
    IntOrString target = port.getTargetPort();
    boolean unset = target == null || target.getIntVal() == null && (target.getStrVal() == null || target.getStrVal().isEmpty())
        || target.getIntVal() != null && target.getIntVal() == 0;
    if (unset && port.getPort() != null) {
      port.setTargetPort(new IntOrString(port.getPort()));
    }
  }

  static void endpointSlice(EndpointSlice slice) {
    Defaults.forEach(slice.getPorts(), p -> Defaults.set(p.getProtocol(), p::setProtocol, "TCP"));
  }
}
