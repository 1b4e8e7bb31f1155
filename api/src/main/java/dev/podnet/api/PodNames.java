package dev.podnet.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import java.nio.charset.StandardCharsets;
import java.util.random.RandomGenerator;

/**
 * The names a Deployment gives its pods, as Kubernetes does: {@code <deployment>-<pod-template-hash>-<5 random>}.
 *
 * <p>The hash follows upstream's {@code controller.ComputeHash}: FNV-32a over the template, then the
 * collision count as four little-endian bytes when there is one, then the decimal digits of the sum
 * mapped into {@link #ALPHABET} ({@code rand.SafeEncodeString}). Upstream feeds the hash with Go's
 * spew printout of the struct; we feed it canonical JSON (properties and map keys sorted), so the
 * hash is stable for equal templates and changes with any field, but is not byte-for-byte the hash a
 * real Kubernetes would print for the same template. Nothing outside podnet may rely on equality.
 */
public final class PodNames {
  /** Upstream's {@code rand} alphabet: no vowels (no words) and no look-alikes (0/o, 1/l, 3/e). */
  public static final String ALPHABET = "bcdfghjklmnpqrstvwxz2456789";
  public static final String TEMPLATE_HASH_LABEL = "pod-template-hash";
  public static final int SUFFIX_LENGTH = 5;
  /** A generated name's base is cut so that base and suffix fit a DNS label (upstream maxGeneratedNameLength). */
  private static final int MAX_BASE = 63 - SUFFIX_LENGTH;
  private static final int FNV_OFFSET = 0x811c9dc5;
  private static final int FNV_PRIME = 0x01000193;

  private static final ObjectMapper CANONICAL = JsonMapper.builder().addModule(new com.fasterxml.jackson.datatype.jsr310.JavaTimeModule())
      .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
      .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
      .build();

  private PodNames() {}

  public static String templateHash(PodTemplateSpec template) {
    return encode(Integer.toUnsignedString(fnv(canonical(template), null)));
  }

  /** After {@code collisionCount} collisions (Deployment status.collisionCount), as upstream does. */
  public static String templateHash(PodTemplateSpec template, int collisionCount) {
    return encode(Integer.toUnsignedString(fnv(canonical(template), collisionCount)));
  }

  /** Five characters of {@link #ALPHABET}, as the API server appends to a generateName. */
  public static String randomSuffix(RandomGenerator random) {
    StringBuilder b = new StringBuilder(SUFFIX_LENGTH);
    for (int i = 0; i < SUFFIX_LENGTH; i++) {
      b.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
    }
    return b.toString();
  }

  /** {@code base} (cut to fit) with a random suffix: upstream's SimpleNameGenerator. */
  public static String generate(String base, RandomGenerator random) {
    String cut = base.length() > MAX_BASE ? base.substring(0, MAX_BASE) : base;
    return cut + randomSuffix(random);
  }

  /** The ReplicaSet-level name pods of one template share, {@code web-7d4b9c8f5}. */
  public static String templateName(String deployment, String templateHash) {
    return deployment + "-" + templateHash;
  }

  /** A new pod's name for a Deployment's current template, {@code web-7d4b9c8f5-x2k9q}. */
  public static String forDeployment(String deployment, String templateHash, RandomGenerator random) {
    return generate(templateName(deployment, templateHash) + "-", random);
  }

  /** Each character mapped into the alphabet, so digits never spell words. */
  static String encode(String s) {
    StringBuilder b = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      b.append(ALPHABET.charAt(s.charAt(i) % ALPHABET.length()));
    }
    return b.toString();
  }

  private static int fnv(byte[] data, Integer collisionCount) {
    int hash = FNV_OFFSET;
    for (byte d : data) {
      hash = (hash ^ (d & 0xff)) * FNV_PRIME;
    }
    if (collisionCount != null) {
      int c = collisionCount;
      for (int i = 0; i < 4; i++) {
        hash = (hash ^ ((c >>> (8 * i)) & 0xff)) * FNV_PRIME;
      }
    }
    return hash;
  }

  private static byte[] canonical(PodTemplateSpec template) {
    try {
      Object tree = Json.mapper().convertValue(template, Object.class);
      return CANONICAL.writeValueAsString(tree).getBytes(StandardCharsets.UTF_8);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("cannot hash pod template: " + e.getOriginalMessage(), e);
    }
  }
}
