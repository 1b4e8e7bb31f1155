package dev.podnet.store;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.podnet.api.ResourceType;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.io.IOException;

/**
 * Objects as the store keeps them: Kubernetes JSON without resourceVersion, which is the revision the
 * value was written at and so cannot be inside it. Map entries are written sorted, so the same object
 * always has the same bytes and an update that changes nothing can be recognised.
 */
final class Codec {
  private static final ObjectMapper MAPPER = JsonMapper.builder().addModule(new com.fasterxml.jackson.datatype.jsr310.JavaTimeModule())
      .defaultPropertyInclusion(JsonInclude.Value.construct(JsonInclude.Include.NON_EMPTY, JsonInclude.Include.USE_DEFAULTS))
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
      .build();

  private Codec() {}

  static byte[] encode(HasMetadata obj) {
    ObjectNode tree = MAPPER.valueToTree(obj);
    JsonNode metadata = tree.get("metadata");
    if (metadata instanceof ObjectNode m) {
      m.remove("resourceVersion");
    }
    try {
      return MAPPER.writeValueAsBytes(tree);
    } catch (IOException e) {
      throw new IllegalStateException("encode " + obj.getKind() + " " + obj.getMetadata().getName() + " as JSON: " + e.getMessage(), e);
    }
  }

  /** The stored bytes as an object of {@code type}, at {@code revision}. */
  static <T extends HasMetadata> T decode(ResourceType type, Entry entry) {
    T obj = read(type, entry);
    obj.getMetadata().setResourceVersion(Long.toString(entry.modRevision()));
    return obj;
  }

  /** A deep copy, so callers' objects are never changed by the store. */
  @SuppressWarnings("unchecked")
  static <T extends HasMetadata> T copy(T obj) {
    return (T) MAPPER.convertValue(obj, obj.getClass());
  }

  /** The object's spec as a JSON tree, missing if it has none. */
  static JsonNode spec(HasMetadata obj) {
    JsonNode spec = MAPPER.valueToTree(obj).get("spec");
    return spec == null ? MissingNode.getInstance() : spec;
  }

  @SuppressWarnings("unchecked")
  private static <T extends HasMetadata> T read(ResourceType type, Entry entry) {
    try {
      return (T) MAPPER.readValue(entry.value(), type.type());
    } catch (IOException e) {
      throw new IllegalStateException("decode " + entry.key() + " at revision " + entry.modRevision() + " as " + type.kind() + ": " + e.getMessage(), e);
    }
  }
}
