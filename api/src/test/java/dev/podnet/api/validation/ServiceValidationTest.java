package dev.podnet.api.validation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.podnet.api.Defaults;
import dev.podnet.api.Json;
import dev.podnet.api.Manifests;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import java.util.List;
import org.junit.jupiter.api.Test;

class ServiceValidationTest {
  private static final String SVC = """
      {"apiVersion":"v1","kind":"Service","metadata":{"name":"web"},"spec":{%s}}""";

  private static Service service(String spec) {
    return Json.read(SVC.formatted(spec), Service.class);
  }

  private static List<String> errors(String spec) {
    return Validation.validate(service(spec)).stream().map(FieldError::toString).toList();
  }

  @Test
  void switchingAffinityOffDropsTheDefaultedClientIpConfigSoTheUpdateIsValid() {
    Service s = Defaults.apply(service("\"ports\":[{\"port\":80}],\"sessionAffinity\":\"None\","
        + "\"sessionAffinityConfig\":{\"clientIP\":{\"timeoutSeconds\":10800}}"));
    assertThat(s.getSpec().getSessionAffinityConfig()).isNull();
    assertThat(Validation.validate(s)).isEmpty();
  }

  @Test
  void aClusterIpServiceWithOnePortIsValidAndDefaultsLikeKubernetes() {
    assertThat(errors("\"selector\":{\"app\":\"web\"},\"ports\":[{\"port\":80}]")).isEmpty();
    Service s = Defaults.apply(service("\"ports\":[{\"port\":80}],\"sessionAffinity\":\"ClientIP\""));
    assertThat(s.getSpec().getType()).isEqualTo("ClusterIP");
    assertThat(s.getSpec().getPorts().get(0).getProtocol()).isEqualTo("TCP");
    assertThat(s.getSpec().getPorts().get(0).getTargetPort().getIntVal()).isEqualTo(80);
    assertThat(s.getSpec().getSessionAffinityConfig().getClientIP().getTimeoutSeconds()).isEqualTo(10800);
    assertThat(s.getSpec().getInternalTrafficPolicy()).isEqualTo("Cluster");
    assertThat(s.getSpec().getExternalTrafficPolicy()).isNull();
    assertThat(Validation.validate(s)).isEmpty();
    Service nodePort = Defaults.apply(service("\"type\":\"NodePort\",\"ports\":[{\"port\":80,\"targetPort\":\"http\"}]"));
    assertThat(nodePort.getSpec().getExternalTrafficPolicy()).isEqualTo("Cluster");
    assertThat(nodePort.getSpec().getPorts().get(0).getTargetPort().getStrVal()).isEqualTo("http");
  }

  @Test
  void portsAreRequiredUnlessHeadlessOrExternalName() {
    assertThat(errors("")).containsExactly("spec.ports: Required value");
    assertThat(errors("\"clusterIP\":\"None\"")).isEmpty();
    assertThat(errors("\"type\":\"ExternalName\",\"externalName\":\"example.com.\"")).isEmpty();
    assertThat(errors("\"type\":\"ExternalName\"")).containsExactly("spec.externalName: Required value");
  }

  @Test
  void portsNeedNamesWhenThereAreSeveralAndOneNumberMayServeTwoProtocols() {
    assertThat(errors("\"ports\":[{\"port\":53,\"protocol\":\"UDP\"},{\"port\":53}]")).containsExactly(
        "spec.ports[0].name: Required value", "spec.ports[1].name: Required value");
    assertThat(errors("\"ports\":[{\"name\":\"dns\",\"port\":53,\"protocol\":\"UDP\"},{\"name\":\"dns-tcp\",\"port\":53}]")).isEmpty();
    assertThat(errors("\"ports\":[{\"name\":\"a\",\"port\":80},{\"name\":\"a\",\"port\":80,\"protocol\":\"TCP\"}]")).containsExactly(
        "spec.ports[1].name: Duplicate value: \"a\"", "spec.ports[1]: Duplicate value: \"80/TCP\"");
  }

  @Test
  void portNumbersProtocolsAndTargetPortsFollowTheirSyntax() {
    assertThat(errors("\"ports\":[{\"port\":70000,\"protocol\":\"ICMP\",\"targetPort\":\"Http_1\"}]")).containsExactly(
        "spec.ports[0].port: Invalid value: 70000: must be between 1 and 65535, inclusive",
        "spec.ports[0].protocol: Unsupported value: \"ICMP\": supported values: \"SCTP\", \"TCP\", \"UDP\"",
        "spec.ports[0].targetPort: Invalid value: \"Http_1\": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)");
  }

  @Test
  void nodePortsOnlyForNodePortAndLoadBalancerServices() {
    assertThat(errors("\"ports\":[{\"port\":80,\"nodePort\":30080}]")).containsExactly(
        "spec.ports[0].nodePort: Forbidden: may not be used when `type` is 'ClusterIP'");
    assertThat(errors("\"type\":\"NodePort\",\"ports\":[{\"port\":80,\"nodePort\":30080}]")).isEmpty();
    assertThat(errors("\"type\":\"NodePort\",\"clusterIP\":\"None\",\"ports\":[{\"port\":80}]")).containsExactly(
        "spec.clusterIP: Invalid value: \"None\": may not be set to 'None' for NodePort services");
  }

  @Test
  void affinityPoliciesAndAddressesAreChecked() {
    assertThat(errors("\"ports\":[{\"port\":80}],\"sessionAffinity\":\"ClientIP\","
        + "\"sessionAffinityConfig\":{\"clientIP\":{\"timeoutSeconds\":86401}},\"externalTrafficPolicy\":\"Local\","
        + "\"internalTrafficPolicy\":\"Node\",\"clusterIP\":\"10.96.0.300\"")).containsExactly(
        "spec.clusterIP: Invalid value: \"10.96.0.300\": must be empty, 'None', or a valid IP address",
        "spec.sessionAffinityConfig.clientIP.timeoutSeconds: Invalid value: 86401: must be greater than 0 and less than or equal to 86400",
        "spec.externalTrafficPolicy: Invalid value: \"Local\": may only be set for externally-accessible services",
        "spec.internalTrafficPolicy: Unsupported value: \"Node\": supported values: \"Cluster\", \"Local\"");
    assertThat(errors("\"ports\":[{\"port\":80}],\"externalIPs\":[\"192.0.2.1\",\"example.com\"],\"externalTrafficPolicy\":\"Local\""))
        .containsExactly("spec.externalIPs[1]: Invalid value: \"example.com\": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)");
    assertThat(errors("\"type\":\"NodePort\",\"ports\":[{\"port\":80}],\"healthCheckNodePort\":30001")).containsExactly(
        "spec.healthCheckNodePort: Invalid value: 30001: may only be set when `type` is 'LoadBalancer' and `externalTrafficPolicy` is 'Local'");
  }

  @Test
  void clusterIpIsImmutableExceptThroughExternalName() {
    Service before = service("\"clusterIP\":\"10.96.0.20\",\"ports\":[{\"port\":80}]");
    assertThat(Validation.validateUpdate(before, service("\"clusterIP\":\"10.96.0.21\",\"ports\":[{\"port\":80}]")).toString())
        .isEqualTo("[spec.clusterIP: Invalid value: \"10.96.0.21\": field is immutable]");
    assertThat(Validation.validateUpdate(before, service("\"type\":\"ExternalName\",\"externalName\":\"example.com\""))).isEmpty();
  }

  @Test
  void manifestsReadServicesAndEndpointSlices() {
    var read = Manifests.read("svc.yaml", """
        apiVersion: v1
        kind: Service
        metadata: {name: web}
        spec: {selector: {app: web}, ports: [{port: 80, targetPort: http}]}
        ---
        apiVersion: discovery.k8s.io/v1
        kind: EndpointSlice
        metadata: {name: web-abcde}
        addressType: IPv4
        ports: [{name: "", port: 8080}]
        endpoints: [{addresses: ["10.244.1.5"], conditions: {ready: true}}]
        """);
    assertThat(read).hasSize(2);
    assertThat(read.get(1).object()).isInstanceOf(EndpointSlice.class);
    EndpointSlice bad = Json.read("{\"metadata\":{\"name\":\"x\"},\"addressType\":\"IPv4\",\"endpoints\":[{\"addresses\":[\"fd00::1\"]}]}",
        EndpointSlice.class);
    assertThat(Validation.validate(bad).toString()).isEqualTo("[endpoints[0].addresses[0]: Invalid value: \"fd00::1\": must be a valid IPv4 address]");
  }
}
