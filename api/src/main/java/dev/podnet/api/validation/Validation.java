package dev.podnet.api.validation;

import dev.podnet.api.ResourceType;
import dev.podnet.api.Resources;
import dev.podnet.api.bgp.BgpConfiguration;
import dev.podnet.api.bgp.BgpPeer;
import dev.podnet.api.metallb.IpAddressPool;
import dev.podnet.api.metallb.L2Advertisement;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressClass;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * What the API server checks before it stores an object, following Kubernetes' own validation
 * (pkg/apis/core/validation, pkg/apis/apps/validation) in rules and wording. Fields defaults would
 * fill may be unset: validating before or after {@link dev.podnet.api.Defaults#apply} gives the same
 * verdict for what the user wrote.
 */
public final class Validation {
  private static final int ANNOTATIONS_MAX_BYTES = 256 * 1024;

  private Validation() {}

  /**
   * Every problem found, in field order; empty when the object may be stored.
   *
   * @throws IllegalArgumentException for a type podnet does not serve (not in {@link Resources})
   */
  public static List<FieldError> validate(HasMetadata object) {
    ResourceType type = Resources.of(object);
    ErrorList errors = new ErrorList();
    metadata(object.getMetadata(), type, errors);
    if (object instanceof Pod pod) {
      PodSpecRules.validate(pod.getSpec(), FieldPath.of("spec"), errors);
    } else if (object instanceof Deployment deployment) {
      WorkloadRules.deployment(deployment.getSpec(), errors);
    } else if (object instanceof ReplicaSet replicaSet) {
      WorkloadRules.replicaSet(replicaSet.getSpec(), errors);
    } else if (object instanceof Service service) {
      ServiceRules.validate(service, errors);
    } else if (object instanceof EndpointSlice slice) {
      EndpointSliceRules.validate(slice, errors);
    } else if (object instanceof DaemonSet daemonSet) {
      WorkloadRules.daemonSet(daemonSet.getSpec(), errors);
    } else if (object instanceof IpAddressPool pool) {
      MetalLbRules.pool(pool, errors);
    } else if (object instanceof L2Advertisement adv) {
      MetalLbRules.l2Advertisement(adv, errors);
    } else if (object instanceof BgpConfiguration c) {
      BgpRules.configuration(c, errors);
    } else if (object instanceof BgpPeer p) {
      BgpRules.peer(p, errors);
    } else if (object instanceof dev.podnet.api.metallb.BgpPeer peer) {
      MetalLbBgpRules.peer(peer, errors);
    } else if (object instanceof dev.podnet.api.metallb.BgpAdvertisement adv) {
      MetalLbBgpRules.advertisement(adv, errors);
    } else if (object instanceof Ingress ingress) {
      IngressRules.validate(ingress, errors);
    } else if (object instanceof IngressClass ingressClass) {
      IngressClassRules.validate(ingressClass, errors);
    } else if (object instanceof Secret secret) {
      SecretRules.validate(secret, errors);
    } else {
      rbac(object, errors);
    }
    return errors.all();
  }

  /**
   * What may not change from {@code current} to {@code updated} (upstream's ValidateXUpdate); empty
   * when the update may be stored. Checks only the transition: {@link #validate} still applies.
   */
  public static List<FieldError> validateUpdate(HasMetadata current, HasMetadata updated) {
    ErrorList errors = new ErrorList();
    if (current instanceof Service before && updated instanceof Service after) {
      ServiceRules.update(before, after, errors);
    } else if (current instanceof DaemonSet before && updated instanceof DaemonSet after) {
      WorkloadRules.daemonSetUpdate(before.getSpec(), after.getSpec(), errors);
    } else if (current instanceof RoleBinding before && updated instanceof RoleBinding after) {
      RbacRules.roleRefUpdate(before.getRoleRef(), after.getRoleRef(), errors);
    } else if (current instanceof ClusterRoleBinding before && updated instanceof ClusterRoleBinding after) {
      RbacRules.roleRefUpdate(before.getRoleRef(), after.getRoleRef(), errors);
    } else if (current instanceof IngressClass before && updated instanceof IngressClass after) {
      IngressClassRules.update(before, after, errors);
    }
    return errors.all();
  }

  private static void rbac(HasMetadata object, ErrorList errors) {
    if (object instanceof Role role) {
      RbacRules.role(role, errors);
    } else if (object instanceof ClusterRole role) {
      RbacRules.clusterRole(role, errors);
    } else if (object instanceof RoleBinding binding) {
      RbacRules.roleBinding(binding, errors);
    } else if (object instanceof ClusterRoleBinding binding) {
      RbacRules.clusterRoleBinding(binding, errors);
    }
  }

  /** RBAC objects are named as URL path segments ({@code system:node}); namespaces are labels; the rest subdomains. */
  private static Function<String, List<String>> nameRule(ResourceType type) {
    if (type == Resources.NAMESPACES) {
      return Names::dnsLabel;
    }
    return type.group().equals(RbacRules.GROUP) ? Names::pathSegment : Names::dnsSubdomain;
  }

  private static void metadata(ObjectMeta meta, ResourceType type, ErrorList errors) {
    FieldPath path = FieldPath.of("metadata");
    if (meta == null) {
      errors.required(path.child("name"));
      return;
    }
    errors.requiredName(path.child("name"), meta.getName(), nameRule(type));
    String namespace = meta.getNamespace();
    if (!ErrorList.isBlank(namespace)) {
      if (type.namespaced()) {
        errors.name(path.child("namespace"), namespace, Names::dnsLabel);
      } else {
        errors.forbidden(path.child("namespace"), "not allowed on this type");
      }
    }
    errors.labels(path.child("labels"), meta.getLabels());
    annotations(path.child("annotations"), meta.getAnnotations(), errors);
  }

  private static void annotations(FieldPath path, Map<String, String> annotations, ErrorList errors) {
    if (annotations == null) {
      return;
    }
    long bytes = 0;
    for (Map.Entry<String, String> e : annotations.entrySet()) {
      errors.name(path, e.getKey(), Names::qualifiedName);
      bytes += e.getKey().getBytes(StandardCharsets.UTF_8).length;
      bytes += e.getValue() == null ? 0 : e.getValue().getBytes(StandardCharsets.UTF_8).length;
    }
    if (bytes > ANNOTATIONS_MAX_BYTES) {
      errors.add(new FieldError(path.text(), FieldError.Type.TOO_LONG, "", "must have at most " + ANNOTATIONS_MAX_BYTES + " bytes"));
    }
  }
}
