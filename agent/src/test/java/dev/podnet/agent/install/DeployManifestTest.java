package dev.podnet.agent.install;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.podnet.agent.AgentAccess;
import dev.podnet.agent.AgentSettings;
import dev.podnet.api.Defaults;
import dev.podnet.api.validation.Validation;
import dev.podnet.cni.CniClient;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** {@code deploy/podnet.yaml} read as a cluster reads it: every document a known kind, granting the agent exactly what it uses. */
class DeployManifestTest {
  static final Path MANIFEST = Path.of("../deploy/podnet.yaml");
  private final List<HasMetadata> objects = read();

  /** One permission, flattened: a verb on a group's resource in a namespace ("" for cluster-wide). */
  record Permission(String group, String resource, String namespace, String verb) {}

  static List<HasMetadata> read() {
    KubernetesSerialization fabric8 = new KubernetesSerialization();
    List<HasMetadata> out = new ArrayList<>();
    try (var docs = new ObjectMapper(new YAMLFactory()).readerFor(JsonNode.class).readValues(Files.readString(MANIFEST))) {
      while (docs.hasNext()) {
        JsonNode doc = (JsonNode) docs.next();
        if (!doc.isNull() && !doc.isEmpty()) {
          out.add(fabric8.unmarshal(doc.toString(), HasMetadata.class));
        }
      }
    } catch (java.io.IOException e) {
      throw new AssertionError("read " + MANIFEST.toAbsolutePath() + ": " + e, e);
    }
    return out;
  }

  private <T extends HasMetadata> List<T> all(Class<T> type) {
    return objects.stream().filter(type::isInstance).map(type::cast).toList();
  }

  private <T extends HasMetadata> T one(Class<T> type) {
    assertThat(all(type)).as(type.getSimpleName()).hasSize(1);
    return all(type).get(0);
  }

  @Test
  void everyDocumentIsAKindFabric8KnowsAndPodnetsApiWouldAccept() {
    assertThat(objects).extracting(o -> o.getClass().getSimpleName()).containsExactly("ServiceAccount", "ClusterRole", "ClusterRoleBinding",
        "Role", "RoleBinding", "ConfigMap", "DaemonSet");
    assertThat(objects).noneMatch(GenericKubernetesResource.class::isInstance);
    for (HasMetadata o : objects) {
      assertThat(Validation.validate(Defaults.apply(o))).as(o.getKind() + " " + o.getMetadata().getName()).isEmpty();
    }
    assertThat(one(ServiceAccount.class).getMetadata().getNamespace()).isEqualTo(AgentAccess.NAMESPACE);
  }

  @Test
  void theServiceAccountIsGrantedExactlyWhatTheAgentUsesNoMoreNoLess() {
    Set<Permission> wanted = new HashSet<>();
    for (AgentAccess.Grant g : AgentAccess.GRANTS) {
      g.verbs().forEach(v -> wanted.add(new Permission(g.group(), g.resource(), g.namespace(), v)));
    }
    assertThat(granted()).containsExactlyInAnyOrderElementsOf(wanted);
  }

  /** What the bindings give the agent's ServiceAccount: ClusterRoles everywhere, Roles in their namespace. */
  private Set<Permission> granted() {
    Map<String, List<PolicyRule>> clusterRoles = all(ClusterRole.class).stream()
        .collect(Collectors.toMap(r -> r.getMetadata().getName(), ClusterRole::getRules));
    Map<String, List<PolicyRule>> roles = new HashMap<>();
    all(Role.class).forEach(r -> roles.put(r.getMetadata().getNamespace() + "/" + r.getMetadata().getName(), r.getRules()));
    Set<Permission> out = new HashSet<>();
    for (ClusterRoleBinding b : all(ClusterRoleBinding.class)) {
      if (bindsAgent(b.getSubjects())) {
        flatten(clusterRoles.get(b.getRoleRef().getName()), "", out);
      }
    }
    for (RoleBinding b : all(RoleBinding.class)) {
      String ns = b.getMetadata().getNamespace();
      if (bindsAgent(b.getSubjects())) {
        flatten(b.getRoleRef().getKind().equals("Role") ? roles.get(ns + "/" + b.getRoleRef().getName())
            : clusterRoles.get(b.getRoleRef().getName()), ns, out);
      }
    }
    return out;
  }

  private static boolean bindsAgent(List<Subject> subjects) {
    return subjects.stream().anyMatch(s -> s.getKind().equals("ServiceAccount") && s.getName().equals(AgentAccess.SERVICE_ACCOUNT)
        && s.getNamespace().equals(AgentAccess.NAMESPACE));
  }

  private static void flatten(List<PolicyRule> rules, String namespace, Set<Permission> out) {
    assertThat(rules).as("a binding refers to a role the manifest holds").isNotNull();
    for (PolicyRule r : rules) {
      assertThat(r.getResourceNames()).as("no per-name rules: they would need the agent's field selectors to match").isNullOrEmpty();
      for (String group : r.getApiGroups()) {
        for (String resource : r.getResources()) {
          for (String verb : r.getVerbs()) {
            assertThat(List.of(group, resource, verb)).as("no wildcards: the grant is exact").doesNotContain("*");
            out.add(new Permission(group, resource, namespace, verb));
          }
        }
      }
    }
  }

  @Test
  void theDaemonSetRunsTheAgentPrivilegedOnEveryNodesHostNetworkInCluster() {
    DaemonSet ds = one(DaemonSet.class);
    PodSpec pod = ds.getSpec().getTemplate().getSpec();
    assertThat(pod.getHostNetwork()).isTrue();
    assertThat(pod.getServiceAccountName()).isEqualTo(AgentAccess.SERVICE_ACCOUNT);
    assertThat(pod.getPriorityClassName()).isEqualTo("system-node-critical");
    assertThat(pod.getTolerations()).as("every taint tolerated").anySatisfy(t -> {
      assertThat(t.getOperator()).isEqualTo("Exists");
      assertThat(t.getKey()).isNull();
      assertThat(t.getEffect()).isNull();
    });
    Container agent = pod.getContainers().get(0);
    assertThat(agent.getImage()).isEqualTo("ghcr.io/podnet/podnet:0.1.0");
    assertThat(agent.getSecurityContext().getPrivileged()).isTrue();
    assertThat(agent.getCommand()).containsExactly("podnet", "agent", "--node", "$(NODE_NAME)", "--install-cni")
        .as("in-cluster configuration, no kubeconfig").doesNotContain("--kubeconfig");
    EnvVar node = agent.getEnv().stream().filter(e -> e.getName().equals("NODE_NAME")).findFirst().orElseThrow();
    assertThat(node.getValueFrom().getFieldRef().getFieldPath()).isEqualTo("spec.nodeName");
  }

  @Test
  void theHostPathsAreWhereTheInstallerAndThePluginLookAndOnlyModulesIsReadOnly() {
    PodSpec pod = one(DaemonSet.class).getSpec().getTemplate().getSpec();
    Map<String, String> hostPathByVolume = pod.getVolumes().stream().collect(Collectors.toMap(Volume::getName, v -> v.getHostPath().getPath()));
    Map<String, VolumeMount> mounts = pod.getContainers().get(0).getVolumeMounts().stream()
        .collect(Collectors.toMap(VolumeMount::getName, m -> m));
    assertThat(hostPathByVolume.values()).containsExactlyInAnyOrder(CniInstaller.DEFAULT_CONF_DIR.toString(), CniInstaller.DEFAULT_BIN_DIR.toString(),
        CniClient.DEFAULT_SOCKET.getParent().toString(), "/run/netns", "/lib/modules");
    mounts.forEach((volume, m) -> {
      assertThat(m.getMountPath()).as("mounted where the host has it").isEqualTo(hostPathByVolume.get(volume));
      assertThat(Boolean.TRUE.equals(m.getReadOnly())).as(volume + " read-only").isEqualTo(m.getMountPath().equals("/lib/modules"));
    });
    assertThat(mounts).hasSameSizeAs(hostPathByVolume);
  }

  @Test
  void theConfigMapHoldsTheSettingsTheAgentReadsAndTheDaemonSetHandsThemOn() {
    ConfigMap config = one(ConfigMap.class);
    assertThat(config.getMetadata().getName()).isEqualTo(AgentSettings.CONFIG_MAP);
    assertThat(config.getData().keySet()).containsExactlyInAnyOrderElementsOf(AgentSettings.ENV.keySet());
    Map<String, String> keyByEnv = new HashMap<>();
    for (EnvVar e : one(DaemonSet.class).getSpec().getTemplate().getSpec().getContainers().get(0).getEnv()) {
      if (e.getValueFrom() != null && e.getValueFrom().getConfigMapKeyRef() != null) {
        assertThat(e.getValueFrom().getConfigMapKeyRef().getName()).isEqualTo(AgentSettings.CONFIG_MAP);
        keyByEnv.put(e.getValueFrom().getConfigMapKeyRef().getKey(), e.getName());
      }
    }
    assertThat(keyByEnv).isEqualTo(AgentSettings.ENV);
  }
}
