package dev.podnet.api.validation;

import io.fabric8.kubernetes.api.model.TypedLocalObjectReference;
import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPath;
import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressRuleValue;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBackend;
import io.fabric8.kubernetes.api.model.networking.v1.IngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.IngressServiceBackend;
import io.fabric8.kubernetes.api.model.networking.v1.IngressSpec;
import io.fabric8.kubernetes.api.model.networking.v1.IngressTLS;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An Ingress as upstream's networking validation checks it (pkg/apis/networking/validation): a
 * default backend or rules, hosts that are DNS names (one leading wildcard label allowed, never an
 * IP), a pathType on every path, absolute clean paths for Exact and Prefix, and backends that name
 * a Service with a port number xor a port name, or a typed resource. Whether the Service or Secret
 * exists is not checked, as upstream: the controller reports that.
 */
final class IngressRules {
  /** The annotation that named the class before spec.ingressClassName existed; both may be set only when they agree. */
  static final String CLASS_ANNOTATION = "kubernetes.io/ingress.class";
  private static final List<String> PATH_TYPES = List.of("Exact", "ImplementationSpecific", "Prefix");
  private static final List<String> INVALID_SEQUENCES = List.of("//", "/./", "/../", "%2f", "%2F");
  private static final List<String> INVALID_SUFFIXES = List.of("/..", "/.");

  private IngressRules() {}

  static void validate(Ingress ingress, ErrorList errors) {
    IngressSpec spec = ingress.getSpec();
    FieldPath at = FieldPath.of("spec");
    if (spec == null) {
      errors.invalid(at, List.of(), "either `defaultBackend` or `rules` must be specified");
      return;
    }
    List<IngressRule> rules = Objects.requireNonNullElse(spec.getRules(), List.of());
    if (rules.isEmpty() && spec.getDefaultBackend() == null) {
      errors.invalid(at, rules, "either `defaultBackend` or `rules` must be specified");
    }
    if (spec.getDefaultBackend() != null) {
      backend(spec.getDefaultBackend(), at.child("defaultBackend"), errors);
    }
    for (int i = 0; i < rules.size(); i++) {
      rule(rules.get(i), at.child("rules").index(i), errors);
    }
    List<IngressTLS> tls = Objects.requireNonNullElse(spec.getTls(), List.of());
    for (int i = 0; i < tls.size(); i++) {
      tls(tls.get(i), at.child("tls").index(i), errors);
    }
    if (spec.getIngressClassName() != null) {
      errors.name(at.child("ingressClassName"), spec.getIngressClassName(), Names::dnsSubdomain);
    }
    Map<String, String> annotations = ingress.getMetadata() == null ? null : ingress.getMetadata().getAnnotations();
    String annotated = annotations == null ? null : annotations.get(CLASS_ANNOTATION);
    if (annotated != null && spec.getIngressClassName() != null && !annotated.equals(spec.getIngressClassName())) {
      errors.invalid(FieldPath.of("annotations").child(CLASS_ANNOTATION), annotated, "must match `ingressClassName` when both are specified");
    }
  }

  /** A rule's host, then its paths. */
  private static void rule(IngressRule rule, FieldPath at, ErrorList errors) {
    String host = rule.getHost();
    if (!ErrorList.isBlank(host)) {
      if (PodSpecRules.isIp(host)) {
        errors.invalid(at.child("host"), host, "must be a DNS name, not an IP address");
      }
      errors.name(at.child("host"), host, host.contains("*") ? Names::wildcardDnsSubdomain : Names::dnsSubdomain);
    }
    HTTPIngressRuleValue http = rule.getHttp();
    if (http == null) {
      return;
    }
    List<HTTPIngressPath> paths = Objects.requireNonNullElse(http.getPaths(), List.of());
    if (paths.isEmpty()) {
      errors.required(at.child("http").child("paths"));
    }
    for (int i = 0; i < paths.size(); i++) {
      path(paths.get(i), at.child("http").child("paths").index(i), errors);
    }
  }

  private static void path(HTTPIngressPath p, FieldPath at, ErrorList errors) {
    String type = p.getPathType();
    String path = Objects.requireNonNullElse(p.getPath(), "");
    if (type == null) {
      errors.required(at.child("pathType"), "pathType must be specified");
      return;
    }
    switch (type) {
      case "Exact", "Prefix" -> {
        if (!path.startsWith("/")) {
          errors.invalid(at.child("path"), path, "must be an absolute path");
        }
        INVALID_SEQUENCES.stream().filter(path::contains).forEach(s -> errors.invalid(at.child("path"), path, "must not contain '" + s + "'"));
        INVALID_SUFFIXES.stream().filter(path::endsWith).forEach(s -> errors.invalid(at.child("path"), path, "cannot end with '" + s + "'"));
      }
      case "ImplementationSpecific" -> {
        if (!path.isEmpty() && !path.startsWith("/")) {
          errors.invalid(at.child("path"), path, "must be an absolute path");
        }
      }
      default -> errors.oneOf(at.child("pathType"), type, PATH_TYPES);
    }
    backend(p.getBackend() == null ? new IngressBackend() : p.getBackend(), at.child("backend"), errors);
  }

  private static void backend(IngressBackend backend, FieldPath at, ErrorList errors) {
    TypedLocalObjectReference resource = backend.getResource();
    IngressServiceBackend service = backend.getService();
    if (resource != null && service != null) {
      errors.invalid(at, "", "cannot set both resource and service backends");
    } else if (resource != null) {
      typedReference(resource.getApiGroup(), resource.getKind(), resource.getName(), at.child("resource"), errors);
    } else if (service != null) {
      serviceBackend(service, at, errors);
    } else {
      errors.invalid(at, "", "resource or service backend is required");
    }
  }

  private static void serviceBackend(IngressServiceBackend service, FieldPath at, ErrorList errors) {
    errors.requiredName(at.child("service").child("name"), service.getName(), Names::dns1035Label);
    String portName = service.getPort() == null ? "" : Objects.requireNonNullElse(service.getPort().getName(), "");
    int portNumber = service.getPort() == null || service.getPort().getNumber() == null ? 0 : service.getPort().getNumber();
    FieldPath port = at.child("service").child("port");
    if (!portName.isEmpty() && portNumber != 0) {
      errors.invalid(at, "", "cannot set both port name & port number");
    } else if (!portName.isEmpty()) {
      errors.name(port.child("name"), portName, Names::portName);
    } else if (portNumber != 0) {
      ContainerRules.portNumber(port.child("number"), portNumber, errors);
    } else {
      errors.required(at, "port name or number is required");
    }
  }

  /** A reference by group, kind and name, as resource backends and IngressClass parameters use. */
  static void typedReference(String apiGroup, String kind, String name, FieldPath at, ErrorList errors) {
    if (apiGroup != null) {
      errors.name(at.child("apiGroup"), apiGroup, Names::dnsSubdomain);
    }
    if (ErrorList.isBlank(kind)) {
      errors.required(at.child("kind"), "kind is required");
    } else {
      errors.name(at.child("kind"), kind, IngressRules::pathSegment);
    }
    if (ErrorList.isBlank(name)) {
      errors.required(at.child("name"), "name is required");
    } else {
      errors.name(at.child("name"), name, IngressRules::pathSegment);
    }
  }

  private static void tls(IngressTLS tls, FieldPath at, ErrorList errors) {
    List<String> hosts = Objects.requireNonNullElse(tls.getHosts(), List.of());
    for (int j = 0; j < hosts.size(); j++) {
      String host = hosts.get(j);
      errors.name(at.child("hosts").index(j), host, host.contains("*") ? Names::wildcardDnsSubdomain : Names::dnsSubdomain);
    }
    errors.optionalName(at.child("secretName"), tls.getSecretName(), Names::dnsSubdomain);
  }

  /** upstream's IsValidPathSegmentName: the name becomes one segment of a REST path. */
  private static List<String> pathSegment(String s) {
    if (s.equals(".") || s.equals("..")) {
      return List.of("may not be '" + s + "'");
    }
    return s.contains("/") ? List.of("may not contain '/'") : s.contains("%") ? List.of("may not contain '%'") : List.of();
  }
}
