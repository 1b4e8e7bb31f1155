package dev.podnet.api.validation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.podnet.api.Json;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class ValidationTest {

  private static final String POD = """
      {"apiVersion":"v1","kind":"Pod","metadata":{"name":"web"},"spec":{"containers":[%s]%s}}""";
  private static final String APP = "{\"name\":\"app\",\"image\":\"podnet/netexec\"%s}";

  private static List<String> pod(String containers, String spec) {
    return errors(Json.read(POD.formatted(containers, spec), Pod.class));
  }

  private static List<String> container(String fields) {
    return pod(APP.formatted(fields), "");
  }

  private static List<String> errors(HasMetadata object) {
    return Validation.validate(object).stream().map(FieldError::toString).toList();
  }

  @Test
  void aWellFormedPodHasNoErrors() {
    assertThat(container(",\"ports\":[{\"name\":\"http\",\"containerPort\":8080}],\"readinessProbe\":{\"httpGet\":{\"port\":\"http\"}}"))
        .isEmpty();
  }

  @Test
  void anObjectWithoutANameIsMissingARequiredValue() {
    assertThat(errors(Json.read("{\"metadata\":{}}", Namespace.class))).containsExactly("metadata.name: Required value");
  }

  @Test
  void namesFollowDnsRulesANamespaceBeingALabel() {
    assertThat(errors(Json.read("{\"metadata\":{\"name\":\"a.b\"}}", Namespace.class))).singleElement().asString()
        .startsWith("metadata.name: Invalid value: \"a.b\": a lowercase RFC 1123 label must consist of");
    assertThat(errors(Json.read("{\"metadata\":{\"name\":\"node-1.lab\"}}", Node.class))).isEmpty();
    assertThat(errors(Json.read("{\"metadata\":{\"name\":\"Node_1\"}}", Node.class))).singleElement().asString()
        .startsWith("metadata.name: Invalid value: \"Node_1\": a lowercase RFC 1123 subdomain");
  }

  @Test
  void aClusterScopedObjectMayNotHaveANamespace() {
    assertThat(errors(Json.read("{\"metadata\":{\"name\":\"n\",\"namespace\":\"default\"}}", Node.class)))
        .containsExactly("metadata.namespace: Forbidden: not allowed on this type");
  }

  @Test
  void labelKeysAndValuesAreChecked() {
    List<String> errors = errors(Json.read("{\"metadata\":{\"name\":\"n\",\"labels\":{\"a b\":\"ok\",\"ok\":\"-bad\"}}}", Node.class));

    assertThat(errors).hasSize(2);
    assertThat(errors.get(0)).startsWith("metadata.labels: Invalid value: \"a b\": name part must consist of");
    assertThat(errors.get(1)).startsWith("metadata.labels: Invalid value: \"-bad\": a valid label must be an empty string");
  }

  @Test
  void aPodNeedsContainersWithNamesAndImages() {
    assertThat(pod("", "")).containsExactly("spec.containers: Required value");
    assertThat(pod("{}", "")).containsExactly("spec.containers[0].name: Required value", "spec.containers[0].image: Required value");
  }

  @Test
  void containerNamesAreUniqueAcrossInitAndRegularContainers() {
    assertThat(pod(APP.formatted(""), ",\"initContainers\":[" + APP.formatted("") + "]"))
        .containsExactly("spec.containers[0].name: Duplicate value: \"app\"");
  }

  @Test
  void portsMustBeInRangeWithAKnownProtocolAndAServiceName() {
    assertThat(container(",\"ports\":[{\"containerPort\":70000,\"protocol\":\"ICMP\",\"name\":\"much-too-long-name\"}]")).containsExactly(
        "spec.containers[0].ports[0].name: Invalid value: \"much-too-long-name\": must be no more than 15 characters",
        "spec.containers[0].ports[0].containerPort: Invalid value: 70000: must be between 1 and 65535, inclusive",
        "spec.containers[0].ports[0].protocol: Unsupported value: \"ICMP\": supported values: \"SCTP\", \"TCP\", \"UDP\"");
  }

  @Test
  void portNamesAreUniqueWithinAContainer() {
    assertThat(container(",\"ports\":[{\"containerPort\":80,\"name\":\"http\"},{\"containerPort\":81,\"name\":\"http\"}]"))
        .containsExactly("spec.containers[0].ports[1].name: Duplicate value: \"http\"");
  }

  @Test
  void twoContainersOfAPodMayNotListenOnOnePortAndProtocol() {
    String a = "{\"name\":\"a\",\"image\":\"i\",\"ports\":[{\"containerPort\":8080}]}";
    String b = "{\"name\":\"b\",\"image\":\"i\",\"ports\":[{\"containerPort\":8080,\"protocol\":\"UDP\"},{\"containerPort\":8080}]}";

    assertThat(pod(a + "," + b, "")).containsExactly(
        "spec.containers[1].ports[1]: Duplicate value: \"8080/TCP\": already declared by spec.containers[0].ports[0]");
  }

  @Test
  void envNamesAndDownwardApiFieldPathsAreChecked() {
    List<String> errors = container(",\"env\":[{\"name\":\"1X\",\"value\":\"v\"},{\"name\":\"IP\",\"valueFrom\":{\"fieldRef\":{\"fieldPath\":"
        + "\"status.phase\"}}},{\"name\":\"L\",\"valueFrom\":{\"fieldRef\":{\"fieldPath\":\"metadata.labels['app']\"}}}]");

    assertThat(errors).hasSize(2);
    assertThat(errors.get(0)).startsWith("spec.containers[0].env[0].name: Invalid value: \"1X\": a valid environment variable name");
    assertThat(errors.get(1)).isEqualTo("spec.containers[0].env[1].valueFrom.fieldRef.fieldPath: Unsupported value: \"status.phase\": "
        + "supported values: \"metadata.name\", \"metadata.namespace\", \"metadata.labels['<KEY>']\", \"metadata.annotations['<KEY>']\", "
        + "\"metadata.uid\", \"spec.nodeName\", \"spec.serviceAccountName\", \"status.hostIP\", \"status.hostIPs\", \"status.podIP\", "
        + "\"status.podIPs\"");
  }

  @Test
  void aProbeHasExactlyOneHandler() {
    assertThat(container(",\"livenessProbe\":{}")).containsExactly("spec.containers[0].livenessProbe: Required value: must specify a handler type");
    assertThat(container(",\"livenessProbe\":{\"exec\":{\"command\":[\"true\"]},\"tcpSocket\":{\"port\":80}}"))
        .containsExactly("spec.containers[0].livenessProbe.tcpSocket: Forbidden: may not specify more than 1 handler type");
  }

  @Test
  void aProbesNamedPortMustBeOneOfTheContainersPorts() {
    assertThat(container(",\"readinessProbe\":{\"httpGet\":{\"port\":\"http\"}}"))
        .containsExactly("spec.containers[0].readinessProbe.httpGet.port: Invalid value: \"http\": must be the name of one of the container's ports");
    assertThat(container(",\"readinessProbe\":{\"tcpSocket\":{\"port\":0}}"))
        .containsExactly("spec.containers[0].readinessProbe.tcpSocket.port: Invalid value: 0: must be between 1 and 65535, inclusive");
  }

  @Test
  void probeTimingsMustBePositiveAndLivenessSucceedsOnce() {
    assertThat(container(",\"livenessProbe\":{\"exec\":{\"command\":[\"true\"]},\"initialDelaySeconds\":-1,\"periodSeconds\":0,"
        + "\"successThreshold\":2}")).containsExactly(
        "spec.containers[0].livenessProbe.initialDelaySeconds: Invalid value: -1: must be greater than or equal to 0",
        "spec.containers[0].livenessProbe.periodSeconds: Invalid value: 0: must be greater than or equal to 1",
        "spec.containers[0].livenessProbe.successThreshold: Invalid value: 2: must be 1");
    assertThat(container(",\"readinessProbe\":{\"exec\":{\"command\":[\"true\"]},\"successThreshold\":2}")).isEmpty();
  }

  @Test
  void podPoliciesAreFromTheirSets() {
    assertThat(pod(APP.formatted(""), ",\"restartPolicy\":\"Sometimes\",\"dnsPolicy\":\"None\",\"terminationGracePeriodSeconds\":-1"))
        .containsExactly(
            "spec.restartPolicy: Unsupported value: \"Sometimes\": supported values: \"Always\", \"OnFailure\", \"Never\"",
            "spec.dnsConfig: Required value: must provide `dnsConfig` when `dnsPolicy` is None",
            "spec.terminationGracePeriodSeconds: Invalid value: -1: must be greater than or equal to 0");
  }

  @Test
  void hostnameSubdomainAndNodeSelectorFollowNameRules() {
    List<String> errors = pod(APP.formatted(""), ",\"hostname\":\"Web\",\"subdomain\":\"a.b\",\"nodeSelector\":{\"disk\":\"s s d\"}");

    assertThat(errors).extracting(e -> e.substring(0, e.indexOf(": Invalid value")))
        .containsExactly("spec.hostname", "spec.subdomain", "spec.nodeSelector");
  }

  private static Deployment deployment(String spec) {
    return Json.read("{\"apiVersion\":\"apps/v1\",\"kind\":\"Deployment\",\"metadata\":{\"name\":\"web\"},\"spec\":" + spec + "}",
        Deployment.class);
  }

  private static final String TEMPLATE = "\"template\":{\"metadata\":{\"labels\":{\"app\":\"web\"}},\"spec\":{\"containers\":["
      + APP.formatted("") + "]%s}}";

  @Test
  void aDeploymentNeedsASelectorThatMatchesItsTemplate() {
    assertThat(errors(deployment("{" + TEMPLATE.formatted("") + "}"))).containsExactly("spec.selector: Required value");
    assertThat(errors(deployment("{\"selector\":{}," + TEMPLATE.formatted("") + "}")))
        .containsExactly("spec.selector: Invalid value: {}: empty selector is invalid for deployment");
    assertThat(errors(deployment("{\"selector\":{\"matchExpressions\":[{\"key\":\"app\",\"operator\":\"NotIn\",\"values\":[\"web\"]}]},"
        + TEMPLATE.formatted("") + "}")))
        .containsExactly("spec.template.metadata.labels: Invalid value: {\"app\":\"web\"}: selector does not match template labels");
  }

  @Test
  void aDeploymentsReplicasAndTemplateAreChecked() {
    String spec = "{\"replicas\":-1,\"selector\":{\"matchLabels\":{\"app\":\"web\"}}," + TEMPLATE.formatted(",\"restartPolicy\":\"Never\"") + "}";

    assertThat(errors(deployment(spec))).containsExactly(
        "spec.replicas: Invalid value: -1: must be greater than or equal to 0",
        "spec.template.spec.restartPolicy: Unsupported value: \"Never\": supported values: \"Always\"");
  }

  @Test
  void aDeploymentStrategyIsKnownAndCanMakeProgress() {
    String selector = "\"selector\":{\"matchLabels\":{\"app\":\"web\"}}," + TEMPLATE.formatted("");

    assertThat(errors(deployment("{" + selector + ",\"strategy\":{\"type\":\"Blue\"}}")))
        .containsExactly("spec.strategy.type: Unsupported value: \"Blue\": supported values: \"Recreate\", \"RollingUpdate\"");
    assertThat(errors(deployment("{" + selector + ",\"strategy\":{\"rollingUpdate\":{\"maxSurge\":0,\"maxUnavailable\":\"0%\"}}}")))
        .containsExactly("spec.strategy.rollingUpdate.maxUnavailable: Invalid value: \"0%\": may not be 0 when `maxSurge` is 0");
    assertThat(errors(deployment("{" + selector + ",\"strategy\":{\"rollingUpdate\":{\"maxSurge\":\"lots\"}}}")))
        .containsExactly("spec.strategy.rollingUpdate.maxSurge: Invalid value: \"lots\": must be an integer or percentage (e.g '5%')");
    assertThat(errors(deployment("{" + selector + ",\"strategy\":{\"type\":\"Recreate\",\"rollingUpdate\":{}}}")))
        .containsExactly("spec.strategy.rollingUpdate: Forbidden: may not be specified when strategy `type` is 'Recreate'");
  }

  @Test
  void aReplicaSetIsCheckedLikeTheDeploymentThatOwnsIt() {
    ReplicaSet rs = Json.read("{\"metadata\":{\"name\":\"web-5d8f\"},\"spec\":{\"replicas\":-2,\"selector\":{\"matchLabels\":"
        + "{\"app\":\"db\"}}," + TEMPLATE.formatted("") + "}}", ReplicaSet.class);

    assertThat(errors(rs)).containsExactly(
        "spec.replicas: Invalid value: -2: must be greater than or equal to 0",
        "spec.template.metadata.labels: Invalid value: {\"app\":\"web\"}: selector does not match template labels");
  }
}
