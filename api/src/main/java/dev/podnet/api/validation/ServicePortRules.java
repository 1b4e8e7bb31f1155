package dev.podnet.api.validation;

import dev.podnet.api.Services;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A Service's ports: each a name (required once there are two, so EndpointSlices can tell them
 * apart), a number, a protocol and where the pods listen. One number may be served on two protocols
 * (DNS on 53/UDP and 53/TCP), never twice on one.
 */
final class ServicePortRules {
  private static final List<String> PROTOCOLS = List.of("SCTP", "TCP", "UDP");

  private ServicePortRules() {}

  static void validate(Service service, FieldPath path, ErrorList errors) {
    List<ServicePort> ports = Services.ports(service);
    Set<String> names = new HashSet<>();
    Set<String> numbers = new HashSet<>();
    Set<String> nodePorts = new HashSet<>();
    for (int i = 0; i < ports.size(); i++) {
      ServicePort p = ports.get(i);
      FieldPath at = path.index(i);
      name(p.getName(), ports.size() > 1, at.child("name"), errors);
      if (!ErrorList.isBlank(p.getName()) && !names.add(p.getName())) {
        errors.duplicate(at.child("name"), p.getName(), "");
      }
      if (p.getPort() == null) {
        errors.required(at.child("port"));
      } else {
        ContainerRules.portNumber(at.child("port"), p.getPort(), errors);
      }
      errors.oneOf(at.child("protocol"), p.getProtocol(), PROTOCOLS);
      String protocol = p.getProtocol() == null ? "TCP" : p.getProtocol();
      if (p.getPort() != null && !numbers.add(p.getPort() + "/" + protocol)) {
        errors.duplicate(at, p.getPort() + "/" + protocol, "");
      }
      targetPort(p.getTargetPort(), at.child("targetPort"), errors);
      nodePort(service, p, new Scope(at.child("nodePort"), protocol, nodePorts), errors);
    }
  }

  private static void name(String name, boolean required, FieldPath at, ErrorList errors) {
    if (ErrorList.isBlank(name)) {
      if (required) {
        errors.required(at);
      }
    } else {
      errors.name(at, name, Names::dnsLabel);
    }
  }

  /** A number, or the name of a container port (IANA_SVC_NAME); 0 or unset means the port itself. */
  private static void targetPort(IntOrString target, FieldPath at, ErrorList errors) {
    if (target == null) {
      return;
    }
    if (target.getIntVal() != null) {
      if (target.getIntVal() != 0) {
        ContainerRules.portNumber(at, target.getIntVal(), errors);
      }
    } else if (!ErrorList.isBlank(target.getStrVal())) {
      errors.name(at, target.getStrVal(), Names::portName);
    }
  }

  private record Scope(FieldPath at, String protocol, Set<String> seen) {}

  private static void nodePort(Service service, ServicePort p, Scope scope, ErrorList errors) {
    Integer nodePort = p.getNodePort();
    if (nodePort == null || nodePort == 0) {
      return;
    }
    if (!Services.allowsNodePorts(service)) {
      errors.forbidden(scope.at(), "may not be used when `type` is '" + Services.type(service) + "'");
      return;
    }
    ContainerRules.portNumber(scope.at(), nodePort, errors);
    if (!scope.seen().add(nodePort + "/" + scope.protocol())) {
      errors.duplicate(scope.at(), nodePort, "");
    }
  }
}
