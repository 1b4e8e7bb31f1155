package dev.podnet.api.validation;

import io.fabric8.kubernetes.api.model.networking.v1.IngressClass;
import io.fabric8.kubernetes.api.model.networking.v1.IngressClassParametersReference;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * An IngressClass as upstream validates it: a controller named by a domain-prefixed path
 * ({@code podnet.dev/ingress}) that never changes once set, and optional parameters that say
 * whether they live in a namespace.
 */
final class IngressClassRules {
  private static final int CONTROLLER_MAX = 250;
  private static final String HTTP_PATH_FMT = "[A-Za-z0-9/\\-._~%!$&'()*+,;=:]+";
  private static final Pattern HTTP_PATH = Pattern.compile(HTTP_PATH_FMT);
  private static final List<String> SCOPES = List.of("Cluster", "Namespace");

  private IngressClassRules() {}

  static void validate(IngressClass c, ErrorList errors) {
    FieldPath at = FieldPath.of("spec").child("controller");
    String controller = c.getSpec() == null ? "" : Objects.requireNonNullElse(c.getSpec().getController(), "");
    if (controller.length() > CONTROLLER_MAX) {
      errors.add(new FieldError(at.text(), FieldError.Type.TOO_LONG, "", "may not be more than " + CONTROLLER_MAX + " bytes"));
    }
    domainPrefixedPath(at, controller, errors);
    if (c.getSpec() != null && c.getSpec().getParameters() != null) {
      parameters(c.getSpec().getParameters(), FieldPath.of("spec").child("parameters"), errors);
    }
  }

  /** Which controller serves a class is fixed: controllers key their state by it. */
  static void update(IngressClass before, IngressClass after, ErrorList errors) {
    String was = before.getSpec() == null ? null : before.getSpec().getController();
    String now = after.getSpec() == null ? null : after.getSpec().getController();
    if (!Objects.equals(was, now)) {
      errors.invalid(FieldPath.of("spec").child("controller"), now, "field is immutable");
    }
  }

  private static void domainPrefixedPath(FieldPath at, String value, ErrorList errors) {
    if (value.isEmpty()) {
      errors.required(at);
      return;
    }
    String[] parts = value.split("/", 2);
    if (parts.length != 2 || parts[0].isEmpty() || parts[1].isEmpty()) {
      errors.invalid(at, value, "must be a domain-prefixed path (such as \"acme.io/foo\")");
      return;
    }
    errors.name(at, parts[0], Names::dnsSubdomain);
    if (!HTTP_PATH.matcher(parts[1]).matches()) {
      errors.invalid(at, parts[1], "Invalid path (regex used for validation is '" + HTTP_PATH_FMT + "')");
    }
  }

  private static void parameters(IngressClassParametersReference p, FieldPath at, ErrorList errors) {
    IngressRules.typedReference(p.getApiGroup(), p.getKind(), p.getName(), at, errors);
    String scope = Objects.requireNonNullElse(p.getScope(), "Cluster"); // upstream defaults an unset scope to Cluster
    errors.oneOf(at.child("scope"), scope, SCOPES);
    if (scope.equals("Namespace")) {
      if (p.getNamespace() == null) {
        errors.required(at.child("namespace"), "`parameters.scope` is set to 'Namespace'");
      } else {
        errors.name(at.child("namespace"), p.getNamespace(), Names::dnsLabel);
      }
    } else if (scope.equals("Cluster") && p.getNamespace() != null) {
      errors.forbidden(at.child("namespace"), "`parameters.scope` is set to 'Cluster'");
    }
  }
}
