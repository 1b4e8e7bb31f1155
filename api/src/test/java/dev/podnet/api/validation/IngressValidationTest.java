package dev.podnet.api.validation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.podnet.api.Json;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressClass;
import java.util.List;
import org.junit.jupiter.api.Test;

class IngressValidationTest {
  private static final String ING = """
      {"apiVersion":"networking.k8s.io/v1","kind":"Ingress","metadata":{"name":"web"%s},"spec":{%s}}""";

  private static List<String> errors(String spec) {
    return errors("", spec);
  }

  private static List<String> errors(String meta, String spec) {
    return Validation.validate(Json.read(ING.formatted(meta, spec), Ingress.class)).stream().map(FieldError::toString).toList();
  }

  private static String rule(String host, String path, String pathType, String backend) {
    return "\"rules\":[{" + (host == null ? "" : "\"host\":\"" + host + "\",") + "\"http\":{\"paths\":[{\"path\":\"" + path + "\""
        + (pathType == null ? "" : ",\"pathType\":\"" + pathType + "\"") + ",\"backend\":" + backend + "}]}}]";
  }

  private static final String SVC = "{\"service\":{\"name\":\"web\",\"port\":{\"number\":80}}}";

  @Test
  void anIngressNeedsRulesOrADefaultBackend() {
    assertThat(errors("")).containsExactly("spec: Invalid value: []: either `defaultBackend` or `rules` must be specified");
    assertThat(errors("\"defaultBackend\":" + SVC)).isEmpty();
    assertThat(errors(rule("foo.bar.com", "/", "Prefix", SVC))).isEmpty();
  }

  @Test
  void everyPathNeedsAPathTypeFromTheThreeUpstreamKnows() {
    assertThat(errors(rule("foo.com", "/", null, SVC))).containsExactly("spec.rules[0].http.paths[0].pathType: Required value: pathType must be specified");
    assertThat(errors(rule("foo.com", "/", "Regex", SVC))).containsExactly(
        "spec.rules[0].http.paths[0].pathType: Unsupported value: \"Regex\": supported values: \"Exact\", \"ImplementationSpecific\", \"Prefix\"");
    assertThat(errors(rule("foo.com", "/a", "Exact", SVC))).isEmpty();
    assertThat(errors(rule("foo.com", "/a", "ImplementationSpecific", SVC))).isEmpty();
  }

  @Test
  void exactAndPrefixPathsMustBeAbsoluteAndClean() {
    assertThat(errors(rule(null, "foo", "Prefix", SVC))).containsExactly("spec.rules[0].http.paths[0].path: Invalid value: \"foo\": must be an absolute path");
    assertThat(errors(rule(null, "/a//b", "Exact", SVC))).containsExactly("spec.rules[0].http.paths[0].path: Invalid value: \"/a//b\": must not contain '//'");
    assertThat(errors(rule(null, "/a/..", "Prefix", SVC))).containsExactly("spec.rules[0].http.paths[0].path: Invalid value: \"/a/..\": cannot end with '/..'");
    assertThat(errors(rule(null, "/a%2Fb", "Prefix", SVC))).containsExactly("spec.rules[0].http.paths[0].path: Invalid value: \"/a%2Fb\": must not contain '%2F'");
    // ImplementationSpecific leaves the path to the controller: only a non-empty one must be absolute
    assertThat(errors(rule(null, "", "ImplementationSpecific", SVC))).isEmpty();
    assertThat(errors(rule(null, "/a//b", "ImplementationSpecific", SVC))).isEmpty();
    assertThat(errors(rule(null, "a", "ImplementationSpecific", SVC))).containsExactly(
        "spec.rules[0].http.paths[0].path: Invalid value: \"a\": must be an absolute path");
  }

  @Test
  void hostsAreDnsNamesWithAtMostOneLeadingWildcardAndNeverIps() {
    assertThat(errors(rule("*.foo.com", "/", "Prefix", SVC))).isEmpty();
    assertThat(errors(rule("foo.*.com", "/", "Prefix", SVC))).singleElement().asString()
        .startsWith("spec.rules[0].host: Invalid value: \"foo.*.com\": a wildcard DNS-1123 subdomain must start with '*.'");
    assertThat(errors(rule("*", "/", "Prefix", SVC))).hasSize(1);
    assertThat(errors(rule("10.0.0.1", "/", "Prefix", SVC))).contains("spec.rules[0].host: Invalid value: \"10.0.0.1\": must be a DNS name, not an IP address");
    assertThat(errors(rule("Foo.com", "/", "Prefix", SVC))).singleElement().asString().contains("a lowercase RFC 1123 subdomain");
  }

  @Test
  void aServiceBackendNamesItsPortByNumberOrByNameButNotBoth() {
    assertThat(errors("\"defaultBackend\":{\"service\":{\"name\":\"web\",\"port\":{\"name\":\"http\"}}}")).isEmpty();
    assertThat(errors("\"defaultBackend\":{\"service\":{\"name\":\"web\",\"port\":{\"name\":\"http\",\"number\":80}}}"))
        .containsExactly("spec.defaultBackend: Invalid value: \"\": cannot set both port name & port number");
    assertThat(errors("\"defaultBackend\":{\"service\":{\"name\":\"web\",\"port\":{}}}"))
        .containsExactly("spec.defaultBackend: Required value: port name or number is required");
    assertThat(errors("\"defaultBackend\":{\"service\":{\"name\":\"web\",\"port\":{\"number\":70000}}}"))
        .containsExactly("spec.defaultBackend.service.port.number: Invalid value: 70000: must be between 1 and 65535, inclusive");
    assertThat(errors("\"defaultBackend\":{\"service\":{\"name\":\"1web\",\"port\":{\"number\":80}}}")).singleElement().asString()
        .startsWith("spec.defaultBackend.service.name: Invalid value: \"1web\": a DNS-1035 label");
  }

  @Test
  void resourceBackendsAreAcceptedByTheApiWhenTheyNameAKindAndAnObject() {
    assertThat(errors("\"defaultBackend\":{\"resource\":{\"apiGroup\":\"k8s.example.com\",\"kind\":\"StorageBucket\",\"name\":\"static\"}}"))
        .isEmpty();
    assertThat(errors("\"defaultBackend\":{\"resource\":{\"kind\":\"StorageBucket\"}}"))
        .containsExactly("spec.defaultBackend.resource.name: Required value: name is required");
    assertThat(errors("\"defaultBackend\":{\"resource\":{\"kind\":\"B\",\"name\":\"b\"},\"service\":{\"name\":\"web\",\"port\":{\"number\":80}}}"))
        .containsExactly("spec.defaultBackend: Invalid value: \"\": cannot set both resource and service backends");
    assertThat(errors("\"defaultBackend\":{}")).containsExactly("spec.defaultBackend: Invalid value: \"\": resource or service backend is required");
  }

  @Test
  void tlsHostsAndSecretNamesAreNamesAndTheSecretNeedNotExist() {
    assertThat(errors("\"defaultBackend\":" + SVC + ",\"tls\":[{\"hosts\":[\"foo.com\",\"*.bar.com\"],\"secretName\":\"missing\"}]")).isEmpty();
    assertThat(errors("\"defaultBackend\":" + SVC + ",\"tls\":[{\"hosts\":[\"a..b\"],\"secretName\":\"Bad_Name\"}]")).hasSize(2)
        .anySatisfy(e -> assertThat(e).startsWith("spec.tls[0].hosts[0]: Invalid value: \"a..b\""))
        .anySatisfy(e -> assertThat(e).startsWith("spec.tls[0].secretName: Invalid value: \"Bad_Name\""));
  }

  @Test
  void theClassAnnotationMustAgreeWithIngressClassName() {
    String spec = "\"ingressClassName\":\"podnet\",\"defaultBackend\":" + SVC;
    assertThat(errors(",\"annotations\":{\"kubernetes.io/ingress.class\":\"podnet\"}", spec)).isEmpty();
    assertThat(errors(",\"annotations\":{\"kubernetes.io/ingress.class\":\"nginx\"}", spec))
        .containsExactly("annotations.kubernetes.io/ingress.class: Invalid value: \"nginx\": must match `ingressClassName` when both are specified");
  }

  private static IngressClass ingressClass(String spec) {
    return Json.read("{\"apiVersion\":\"networking.k8s.io/v1\",\"kind\":\"IngressClass\",\"metadata\":{\"name\":\"podnet\"},\"spec\":{"
        + spec + "}}", IngressClass.class);
  }

  @Test
  void anIngressClassNamesItsControllerByADomainPrefixedPathThatNeverChanges() {
    assertThat(Validation.validate(ingressClass("\"controller\":\"podnet.dev/ingress\""))).isEmpty();
    assertThat(Validation.validate(ingressClass("")).stream().map(FieldError::toString)).containsExactly("spec.controller: Required value");
    assertThat(Validation.validate(ingressClass("\"controller\":\"ingress\"")).stream().map(FieldError::toString))
        .containsExactly("spec.controller: Invalid value: \"ingress\": must be a domain-prefixed path (such as \"acme.io/foo\")");
    assertThat(Validation.validateUpdate(ingressClass("\"controller\":\"podnet.dev/ingress\""), ingressClass("\"controller\":\"k8s.io/ingress-nginx\""))
        .stream().map(FieldError::toString)).containsExactly("spec.controller: Invalid value: \"k8s.io/ingress-nginx\": field is immutable");
  }

  @Test
  void ingressClassParametersSayWhereTheyLive() {
    assertThat(Validation.validate(ingressClass("\"controller\":\"a.io/b\",\"parameters\":{\"kind\":\"P\",\"name\":\"p\"}"))).isEmpty();
    assertThat(Validation.validate(ingressClass("\"controller\":\"a.io/b\",\"parameters\":{\"kind\":\"P\",\"name\":\"p\",\"scope\":\"Namespace\"}"))
        .stream().map(FieldError::toString)).containsExactly("spec.parameters.namespace: Required value: `parameters.scope` is set to 'Namespace'");
    assertThat(Validation.validate(ingressClass("\"controller\":\"a.io/b\",\"parameters\":{\"kind\":\"P\",\"name\":\"p\",\"namespace\":\"x\"}"))
        .stream().map(FieldError::toString)).containsExactly("spec.parameters.namespace: Forbidden: `parameters.scope` is set to 'Cluster'");
  }
}
