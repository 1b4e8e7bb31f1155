package dev.podnet.api;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;

/**
 * Where a component reports what it did to an object, as client-go's EventRecorder: a reason in
 * CamelCase ({@code Scheduled}, {@code BackOff}) and a message for humans, which become a core/v1
 * Event on the object. Recording never blocks and never fails the caller: events are best effort,
 * as upstream's are. Which component (and host) reports is the recorder's, not the call's.
 */
@FunctionalInterface
public interface EventRecorder {

  /** Upstream's two event types. */
  enum Type { Normal, Warning }

  /** Drops every event: for components run without a cluster to report to. */
  EventRecorder NONE = (involved, type, reason, message) -> {};

  void record(ObjectReference involved, Type type, String reason, String message);

  default void normal(HasMetadata object, String reason, String message) {
    record(reference(object, ""), Type.Normal, reason, message);
  }

  default void warning(HasMetadata object, String reason, String message) {
    record(reference(object, ""), Type.Warning, reason, message);
  }

  /**
   * The reference an Event carries: kind, namespace, name, uid, apiVersion and resourceVersion of
   * {@code object}; {@code fieldPath} names a part of it, as kubelet's {@code spec.containers{web}}.
   */
  static ObjectReference reference(HasMetadata object, String fieldPath) {
    ResourceType type = Resources.of(object);
    return new ObjectReferenceBuilder().withKind(type.kind()).withApiVersion(type.apiVersion())
        .withNamespace(object.getMetadata().getNamespace()).withName(object.getMetadata().getName())
        .withUid(object.getMetadata().getUid()).withResourceVersion(object.getMetadata().getResourceVersion())
        .withFieldPath(fieldPath.isEmpty() ? null : fieldPath).build();
  }

  /** kubelet's field path of a container: {@code spec.containers{web}}. */
  static String containerPath(String container) {
    return "spec.containers{" + container + "}";
  }
}
