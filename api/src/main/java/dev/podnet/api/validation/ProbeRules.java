package dev.podnet.api.validation;

import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.ExecAction;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.TCPSocketAction;
import java.util.List;

/** A container's probes: one handler each, a port the container has, and timings a kubelet can keep. */
final class ProbeRules {
  private static final List<String> SCHEMES = List.of("HTTP", "HTTPS");

  private final List<ContainerPort> ports;
  private final ErrorList errors;

  ProbeRules(List<ContainerPort> ports, ErrorList errors) {
    this.ports = ports == null ? List.of() : ports;
    this.errors = errors;
  }

  /** {@code mustSucceedOnce}: liveness and startup probes, where one success is all there can be. */
  void validate(Probe probe, FieldPath at, boolean mustSucceedOnce) {
    if (probe == null) {
      return;
    }
    handler(probe, at);
    errors.atLeast(at.child("initialDelaySeconds"), probe.getInitialDelaySeconds(), 0);
    errors.atLeast(at.child("timeoutSeconds"), probe.getTimeoutSeconds(), 1);
    errors.atLeast(at.child("periodSeconds"), probe.getPeriodSeconds(), 1);
    errors.atLeast(at.child("successThreshold"), probe.getSuccessThreshold(), 1);
    errors.atLeast(at.child("failureThreshold"), probe.getFailureThreshold(), 1);
    errors.atLeast(at.child("terminationGracePeriodSeconds"), probe.getTerminationGracePeriodSeconds(), 1);
    Integer success = probe.getSuccessThreshold();
    if (mustSucceedOnce && success != null && success != 1) {
      errors.invalid(at.child("successThreshold"), success, "must be 1");
    }
  }

  private void handler(Probe probe, FieldPath at) {
    int handlers = 0;
    String[] names = {"exec", "httpGet", "tcpSocket", "grpc"};
    Object[] values = {probe.getExec(), probe.getHttpGet(), probe.getTcpSocket(), probe.getGrpc()};
    for (int i = 0; i < names.length; i++) {
      if (values[i] != null && ++handlers > 1) {
        errors.forbidden(at.child(names[i]), "may not specify more than 1 handler type");
      }
    }
    if (handlers == 0) {
      errors.required(at, "must specify a handler type");
    }
    exec(probe.getExec(), at.child("exec"));
    httpGet(probe.getHttpGet(), at.child("httpGet"));
    tcpSocket(probe.getTcpSocket(), at.child("tcpSocket"));
    if (probe.getGrpc() != null) {
      Integer port = probe.getGrpc().getPort();
      if (port == null) {
        errors.required(at.child("grpc").child("port"));
      } else {
        ContainerRules.portNumber(at.child("grpc").child("port"), port, errors);
      }
    }
  }

  private void exec(ExecAction exec, FieldPath at) {
    if (exec != null && (exec.getCommand() == null || exec.getCommand().isEmpty())) {
      errors.required(at.child("command"));
    }
  }

  private void httpGet(HTTPGetAction get, FieldPath at) {
    if (get == null) {
      return;
    }
    port(get.getPort(), at.child("port"));
    errors.oneOf(at.child("scheme"), get.getScheme(), SCHEMES);
  }

  private void tcpSocket(TCPSocketAction tcp, FieldPath at) {
    if (tcp != null) {
      port(tcp.getPort(), at.child("port"));
    }
  }

  /** A number, or the name of one of the container's ports: a kubelet resolves names only within the container. */
  private void port(IntOrString port, FieldPath at) {
    if (port == null || (port.getIntVal() == null && ErrorList.isBlank(port.getStrVal()))) {
      errors.required(at);
      return;
    }
    if (port.getIntVal() != null) {
      ContainerRules.portNumber(at, port.getIntVal(), errors);
      return;
    }
    String name = port.getStrVal();
    if (!Names.portName(name).isEmpty()) {
      errors.name(at, name, Names::portName);
    } else if (ports.stream().noneMatch(p -> name.equals(p.getName()))) {
      errors.invalid(at, name, "must be the name of one of the container's ports");
    }
  }
}
