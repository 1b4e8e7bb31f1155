package dev.podnet.daemon.api;

import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.SerializationConfig;
import com.fasterxml.jackson.databind.introspect.AnnotatedMember;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import dev.podnet.api.Json;
import io.fabric8.kubernetes.api.model.FieldsV1;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The fields a decoded object's type does not have, with their JSON paths ({@code
 * spec.template.spec.containers[0].imagePullPolice}). fabric8 keeps what it does not know in each
 * object's {@code additionalProperties}; walking the object through Jackson's own view of the
 * classes gives the same property names the JSON used. They are taken out, as upstream's decoder
 * drops them: an unknown field is never stored.
 */
final class UnknownFields {
  private UnknownFields() {}

  /** Removes the unknown fields from {@code object} and returns their paths. */
  static List<String> remove(Object object) {
    List<String> out = new ArrayList<>();
    walk(object, "", out);
    return out;
  }

  private static void walk(Object v, String path, List<String> out) {
    if (v == null || v instanceof String || v instanceof Number || v instanceof Boolean || v instanceof Enum<?>) {
      return;
    }
    if (v instanceof Collection<?> c) {
      int i = 0;
      for (Object item : c) {
        walk(item, path + "[" + i++ + "]", out);
      }
      return;
    }
    if (v instanceof Map<?, ?> m) {
      m.forEach((k, item) -> walk(item, join(path, String.valueOf(k)), out));
      return;
    }
    if (!v.getClass().getName().startsWith("io.fabric8.") || v instanceof FieldsV1) { // FieldsV1 is free-form by design
      return;
    }
    SerializationConfig config = Json.mapper().getSerializationConfig();
    JavaType type = config.constructType(v.getClass());
    BeanDescription bean = config.introspect(type);
    AnnotatedMember any = bean.findAnyGetter(); // an object's own unknown fields before those below it
    if (any != null && any.getValue(v) instanceof Map<?, ?> extra) {
      extra.keySet().forEach(k -> out.add(join(path, String.valueOf(k))));
      extra.clear();
    }
    for (BeanPropertyDefinition prop : bean.findProperties()) {
      AnnotatedMember getter = prop.getAccessor();
      if (getter != null && !prop.getName().equals("additionalProperties")) {
        walk(getter.getValue(v), join(path, prop.getName()), out);
      }
    }
  }

  private static String join(String path, String field) {
    return path.isEmpty() ? field : path + "." + field;
  }
}
