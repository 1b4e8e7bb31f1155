package dev.podnet.api.validation;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarSource;
import io.fabric8.kubernetes.api.model.ObjectFieldSelector;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One container: name, image, ports, env and probes. */
final class ContainerRules {
  private static final List<String> PROTOCOLS = List.of("SCTP", "TCP", "UDP");
  /** What the downward API can put in an env var, as upstream's validEnvDownwardAPIFieldPathExpressions. */
  private static final List<String> FIELD_PATHS = List.of("metadata.name", "metadata.namespace", "metadata.uid", "spec.nodeName",
      "spec.serviceAccountName", "status.hostIP", "status.hostIPs", "status.podIP", "status.podIPs");
  private static final Pattern SUBSCRIPTED = Pattern.compile("(metadata\\.(?:labels|annotations))\\['(.*)'\\]");

  private ContainerRules() {}

  static void validate(Container c, FieldPath at, boolean probesAllowed, ErrorList errors) {
    errors.requiredName(at.child("name"), c.getName(), Names::dnsLabel);
    if (c.getImage() == null || c.getImage().isBlank()) {
      errors.required(at.child("image"));
    }
    ports(c.getPorts(), at.child("ports"), errors);
    env(c.getEnv(), at.child("env"), errors);
    ProbeRules probes = new ProbeRules(c.getPorts(), errors);
    if (probesAllowed) {
      probes.validate(c.getLivenessProbe(), at.child("livenessProbe"), true);
      probes.validate(c.getReadinessProbe(), at.child("readinessProbe"), false);
      probes.validate(c.getStartupProbe(), at.child("startupProbe"), true);
    } else {
      forbidInInit(c.getLivenessProbe(), at.child("livenessProbe"), errors);
      forbidInInit(c.getReadinessProbe(), at.child("readinessProbe"), errors);
      forbidInInit(c.getStartupProbe(), at.child("startupProbe"), errors);
    }
  }

  private static void forbidInInit(Object probe, FieldPath path, ErrorList errors) {
    if (probe != null) {
      errors.forbidden(path, "may not be set for init containers");
    }
  }

  private static void ports(List<ContainerPort> ports, FieldPath path, ErrorList errors) {
    if (ports == null) {
      return;
    }
    Set<String> names = new HashSet<>();
    for (int i = 0; i < ports.size(); i++) {
      ContainerPort p = ports.get(i);
      FieldPath at = path.index(i);
      errors.optionalName(at.child("name"), p.getName(), Names::portName);
      if (!ErrorList.isBlank(p.getName()) && !names.add(p.getName())) {
        errors.duplicate(at.child("name"), p.getName(), "");
      }
      if (p.getContainerPort() == null || p.getContainerPort() == 0) {
        errors.required(at.child("containerPort"));
      } else {
        portNumber(at.child("containerPort"), p.getContainerPort(), errors);
      }
      if (p.getHostPort() != null && p.getHostPort() != 0) {
        portNumber(at.child("hostPort"), p.getHostPort(), errors);
      }
      errors.oneOf(at.child("protocol"), p.getProtocol(), PROTOCOLS);
      if (!ErrorList.isBlank(p.getHostIP()) && !PodSpecRules.isIp(p.getHostIP())) {
        errors.invalid(at.child("hostIP"), p.getHostIP(), "must be a valid IP address");
      }
    }
  }

  static void portNumber(FieldPath path, int port, ErrorList errors) {
    if (port < 1 || port > 65535) {
      errors.invalid(path, port, "must be between 1 and 65535, inclusive");
    }
  }

  private static void env(List<EnvVar> env, FieldPath path, ErrorList errors) {
    if (env == null) {
      return;
    }
    for (int i = 0; i < env.size(); i++) {
      EnvVar e = env.get(i);
      FieldPath at = path.index(i);
      errors.requiredName(at.child("name"), e.getName(), Names::envVarName);
      EnvVarSource from = e.getValueFrom();
      if (from == null) {
        continue;
      }
      if (!ErrorList.isBlank(e.getValue())) {
        errors.invalid(at.child("valueFrom"), "", "may not be specified when `value` is not empty");
      }
      source(from, at.child("valueFrom"), errors);
    }
  }

  private static void source(EnvVarSource from, FieldPath at, ErrorList errors) {
    int sources = count(from.getFieldRef(), from.getResourceFieldRef(), from.getConfigMapKeyRef(), from.getSecretKeyRef());
    if (sources == 0) {
      errors.invalid(at, "", "must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`");
    } else if (sources > 1) {
      errors.invalid(at, "", "may not have more than one field specified at a time");
    }
    if (from.getFieldRef() != null) {
      fieldRef(from.getFieldRef(), at.child("fieldRef"), errors);
    }
  }

  private static void fieldRef(ObjectFieldSelector ref, FieldPath at, ErrorList errors) {
    if (!ErrorList.isBlank(ref.getApiVersion()) && !"v1".equals(ref.getApiVersion())) {
      errors.add(FieldError.notSupported(at.child("apiVersion").text(), ref.getApiVersion(), List.of("v1")));
    }
    String fieldPath = ref.getFieldPath();
    FieldPath fp = at.child("fieldPath");
    if (ErrorList.isBlank(fieldPath)) {
      errors.required(fp);
      return;
    }
    Matcher m = SUBSCRIPTED.matcher(fieldPath);
    if (m.matches()) {
      errors.name(fp, m.group(2), Names::qualifiedName);
    } else if (!FIELD_PATHS.contains(fieldPath)) {
      List<String> supported = new ArrayList<>(FIELD_PATHS);
      supported.add(2, "metadata.annotations['<KEY>']");
      supported.add(2, "metadata.labels['<KEY>']");
      errors.add(FieldError.notSupported(fp.text(), fieldPath, supported));
    }
  }

  private static int count(Object... fields) {
    int n = 0;
    for (Object f : fields) {
      n += f == null ? 0 : 1;
    }
    return n;
  }
}
