package dev.podnet.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

/**
 * Kubernetes JSON, the form objects take in the store and on the wire. fabric8's model classes carry
 * their own inclusion rules (no nulls, no empty collections); the mapper adds only what they leave to
 * the caller: tolerate fields a newer writer added, and never write a null.
 */
public final class Json {
  private static final ObjectMapper MAPPER = JsonMapper.builder().addModule(new com.fasterxml.jackson.datatype.jsr310.JavaTimeModule())
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
      .serializationInclusion(JsonInclude.Include.NON_NULL)
      .build();

  /** kubectl prints YAML with keys sorted, lists flush with their key, and no document marker. */
  private static final ObjectMapper YAML = YAMLMapper.builder().addModule(new com.fasterxml.jackson.datatype.jsr310.JavaTimeModule())
      .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
      .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
      .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
      .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
      .build();

  private Json() {}

  /** The shared mapper; configured once here, never reconfigure it. */
  public static ObjectMapper mapper() {
    return MAPPER;
  }

  public static String write(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("cannot write " + value.getClass().getSimpleName() + " as JSON: " + e.getOriginalMessage(), e);
    }
  }

  public static <T> T read(String json, Class<T> type) {
    try {
      return MAPPER.readValue(json, type);
    } catch (JsonProcessingException e) {
      String at = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
      throw new IllegalArgumentException("cannot read " + type.getSimpleName() + " from JSON: " + e.getOriginalMessage() + at, e);
    }
  }

  /** A deep copy through JSON: what the store would hand back, sharing nothing with {@code value}. */
  @SuppressWarnings("unchecked")
  public static <T> T copy(T value) {
    try {
      return (T) MAPPER.treeToValue(MAPPER.valueToTree(value), value.getClass());
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("cannot copy " + value.getClass().getSimpleName() + " through JSON: " + e.getOriginalMessage(), e);
    }
  }

  /** As {@code kubectl get -o yaml} prints an object. */
  public static String toYaml(Object value) {
    try {
      return YAML.writeValueAsString(MAPPER.convertValue(value, Object.class));
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("cannot write " + value.getClass().getSimpleName() + " as YAML: " + e.getOriginalMessage(), e);
    }
  }
}
