package dev.podnet.store;

import dev.podnet.api.ResourceType;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.Random;
import java.util.UUID;

/**
 * What the store decides about an object's metadata, as Kubernetes' registry strategies do: the
 * fields a client may not set on create, the ones an update may not change, and where it lives.
 */
final class Strategy {
  /** Kubernetes' generateName alphabet: no vowels (no words) and no look-alike characters. */
  private static final String SUFFIX_ALPHABET = "bcdfghjklmnpqrstvwxz2456789";
  private static final Random RANDOM = new SecureRandom();

  private Strategy() {}

  /** The key of one object; its namespace must fit the type's scope, and its name a path segment. */
  static String key(ResourceType type, String namespace, String name) {
    String ns = Objects.requireNonNullElse(namespace, "");
    String n = Objects.requireNonNullElse(name, "");
    if (type.namespaced() && ns.isEmpty()) {
      throw StoreException.invalid(type, n, "metadata.namespace: Required value");
    }
    if (!type.namespaced() && !ns.isEmpty()) {
      throw StoreException.invalid(type, n, "metadata.namespace: Forbidden: not allowed on this type (namespace \"" + ns + "\")");
    }
    checkSegment(type, n, "metadata.name", n);
    if (!ns.isEmpty()) {
      checkSegment(type, n, "metadata.namespace", ns);
    }
    return type.key(ns, n);
  }

  /** The key of a collection: all of a type, or one namespace of it. */
  static String prefix(ResourceType type, String namespace) {
    String ns = Objects.requireNonNullElse(namespace, "");
    if (!ns.isEmpty() && type.namespaced()) {
      checkSegment(type, "", "metadata.namespace", ns);
    }
    return type.key(type.namespaced() ? ns : "", "");
  }

  static String key(ResourceType type, HasMetadata obj) {
    ObjectMeta m = meta(type, obj);
    return key(type, m.getNamespace(), m.getName());
  }

  /** A copy of {@code obj} as it is to be created: named, with identity, timestamp and generation 1. */
  static <T extends HasMetadata> T prepareForCreate(ResourceType type, T obj) {
    T next = Codec.copy(obj);
    ObjectMeta m = meta(type, next);
    if (isEmpty(m.getName()) && !isEmpty(m.getGenerateName())) {
      m.setName(m.getGenerateName() + randomSuffix());
    }
    if (isEmpty(m.getName())) {
      throw StoreException.invalid(type, "", "metadata.name: Required value: name or generateName is required");
    }
    next.setApiVersion(type.apiVersion());
    m.setUid(UUID.randomUUID().toString());
    m.setCreationTimestamp(DateTimeFormatter.ISO_INSTANT.format(Instant.now().truncatedTo(ChronoUnit.SECONDS)));
    m.setGeneration(1L);
    m.setResourceVersion(null);
    return next;
  }

  /** A copy of {@code obj} as it is to replace {@code stored}: same identity, next generation if spec changed. */
  static <T extends HasMetadata> T prepareForUpdate(ResourceType type, T stored, T obj) {
    T next = Codec.copy(obj);
    ObjectMeta m = meta(type, next);
    ObjectMeta old = stored.getMetadata();
    next.setApiVersion(type.apiVersion());
    m.setUid(old.getUid());
    m.setCreationTimestamp(old.getCreationTimestamp());
    m.setGenerateName(old.getGenerateName());
    long generation = Objects.requireNonNullElse(old.getGeneration(), 1L);
    m.setGeneration(Codec.spec(stored).equals(Codec.spec(next)) ? generation : generation + 1);
    m.setResourceVersion(null);
    return next;
  }

  private static ObjectMeta meta(ResourceType type, HasMetadata obj) {
    if (!type.type().isInstance(obj)) {
      throw new IllegalArgumentException("a " + obj.getClass().getSimpleName() + " is not a " + type.kind());
    }
    if (obj.getMetadata() == null) {
      throw StoreException.invalid(type, "", "metadata: Required value");
    }
    return obj.getMetadata();
  }

  private static void checkSegment(ResourceType type, String name, String field, String value) {
    if (value.isEmpty() && field.equals("metadata.name")) {
      throw StoreException.invalid(type, name, field + ": Required value");
    }
    if (value.equals(".") || value.equals("..") || value.contains("/") || value.contains("%")) {
      throw StoreException.invalid(type, name, field + ": Invalid value: \"" + value + "\": may not be '.' or '..' or contain '/' or '%'");
    }
  }

  private static String randomSuffix() {
    StringBuilder b = new StringBuilder(5);
    for (int i = 0; i < 5; i++) {
      b.append(SUFFIX_ALPHABET.charAt(RANDOM.nextInt(SUFFIX_ALPHABET.length())));
    }
    return b.toString();
  }

  private static boolean isEmpty(String s) {
    return s == null || s.isEmpty();
  }
}
