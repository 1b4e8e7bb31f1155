package dev.podnet.controller;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.podnet.api.Json;
import dev.podnet.api.PodNames;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetSpec;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The ReplicaSet a Deployment runs its current template in, as upstream's getNewReplicaSet builds
 * it: named {@code <deployment>-<pod-template-hash>}, the hash added to its labels, selector and
 * template labels, controlled by the Deployment, and carrying its revision.
 */
final class NewReplicaSet {
  static final String REVISION = "deployment.kubernetes.io/revision";

  private NewReplicaSet() {}

  static String hash(Deployment d) {
    Integer collisions = d.getStatus() == null ? null : d.getStatus().getCollisionCount();
    PodTemplateSpec template = d.getSpec().getTemplate();
    return collisions == null ? PodNames.templateHash(template) : PodNames.templateHash(template, collisions);
  }

  static ReplicaSet build(Deployment d, String hash, int replicas, long revision) {
    PodTemplateSpec template = Json.copy(d.getSpec().getTemplate());
    ObjectMeta templateMeta = Objects.requireNonNullElse(template.getMetadata(), new ObjectMeta());
    templateMeta.setLabels(withHash(templateMeta.getLabels(), hash));
    template.setMetadata(templateMeta);
    LabelSelector selector = Json.copy(d.getSpec().getSelector());
    selector.setMatchLabels(withHash(selector.getMatchLabels(), hash));
    ObjectMeta meta = new ObjectMeta();
    meta.setNamespace(d.getMetadata().getNamespace());
    meta.setName(PodNames.templateName(d.getMetadata().getName(), hash));
    meta.setLabels(templateMeta.getLabels());
    meta.setAnnotations(Map.of(REVISION, Long.toString(revision)));
    meta.setOwnerReferences(List.of(OwnerRefs.controllerRef(d)));
    ReplicaSetSpec spec = new ReplicaSetSpec();
    spec.setReplicas(replicas);
    spec.setMinReadySeconds(d.getSpec().getMinReadySeconds());
    spec.setSelector(selector);
    spec.setTemplate(template);
    ReplicaSet rs = new ReplicaSet();
    rs.setMetadata(meta);
    rs.setSpec(spec);
    return rs;
  }

  /** True if {@code rs} runs {@code d}'s template: equal but for the pod-template-hash label (EqualIgnoreHash). */
  static boolean runsTemplateOf(ReplicaSet rs, Deployment d) {
    return withoutHash(rs.getSpec().getTemplate()).equals(withoutHash(d.getSpec().getTemplate()));
  }

  /** The revision annotation, 0 when absent or unreadable. */
  static long revision(HasMetadata obj) {
    String value = obj.getMetadata().getAnnotations() == null ? null : obj.getMetadata().getAnnotations().get(REVISION);
    try {
      return value == null ? 0 : Long.parseLong(value);
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private static Map<String, String> withHash(Map<String, String> labels, String hash) {
    Map<String, String> out = new HashMap<>(Objects.requireNonNullElse(labels, Map.of()));
    out.put(PodNames.TEMPLATE_HASH_LABEL, hash);
    return out;
  }

  private static JsonNode withoutHash(PodTemplateSpec template) {
    JsonNode tree = Json.mapper().valueToTree(template);
    JsonNode labels = tree.path("metadata").path("labels");
    if (labels instanceof ObjectNode l) {
      l.remove(PodNames.TEMPLATE_HASH_LABEL);
      if (l.isEmpty()) {
        ((ObjectNode) tree.get("metadata")).remove("labels");
      }
    }
    return tree;
  }
}
