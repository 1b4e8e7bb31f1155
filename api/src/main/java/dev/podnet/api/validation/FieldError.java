package dev.podnet.api.validation;

import dev.podnet.api.Json;
import java.util.List;
import java.util.stream.Collectors;

/**
 * One invalid field, worded as the Kubernetes API server words it, so that messages read the same as
 * kubectl's: {@code spec.containers[1].name: Duplicate value: "app"}.
 *
 * @param path  the field, {@code spec.containers[1].name}
 * @param type  what is wrong with it
 * @param value the offending value as Kubernetes prints it ({@code "app"}, {@code -1}, {@code {"app":"x"}}),
 *              empty when the type prints no value
 * @param detail why, and what would be accepted; may be empty
 */
public record FieldError(String path, Type type, String value, String detail) {

  /** The kinds of field error Kubernetes reports, with its wording. */
  public enum Type {
    REQUIRED("Required value"),
    INVALID("Invalid value"),
    DUPLICATE("Duplicate value"),
    NOT_SUPPORTED("Unsupported value"),
    FORBIDDEN("Forbidden"),
    TOO_LONG("Too long");

    private final String wording;

    Type(String wording) {
      this.wording = wording;
    }

    public String wording() {
      return wording;
    }
  }

  public static FieldError required(String path, String detail) {
    return new FieldError(path, Type.REQUIRED, "", detail);
  }

  public static FieldError invalid(String path, Object value, String detail) {
    return new FieldError(path, Type.INVALID, render(value), detail);
  }

  public static FieldError duplicate(String path, Object value, String detail) {
    return new FieldError(path, Type.DUPLICATE, render(value), detail);
  }

  public static FieldError notSupported(String path, Object value, List<String> supported) {
    String values = supported.stream().map(FieldError::render).collect(Collectors.joining(", "));
    return new FieldError(path, Type.NOT_SUPPORTED, render(value), "supported values: " + values);
  }

  public static FieldError forbidden(String path, String detail) {
    return new FieldError(path, Type.FORBIDDEN, "", detail);
  }

  /** Strings quoted, numbers and booleans bare, maps and lists as compact JSON; like Kubernetes' {@code %q}/{@code %v}. */
  static String render(Object value) {
    if (value == null) {
      return "null";
    }
    if (value instanceof Number || value instanceof Boolean) {
      return value.toString();
    }
    return Json.write(value);
  }

  @Override
  public String toString() {
    StringBuilder b = new StringBuilder(path).append(": ").append(type.wording());
    if (!value.isEmpty()) {
      b.append(": ").append(value);
    }
    if (!detail.isEmpty()) {
      b.append(": ").append(detail);
    }
    return b.toString();
  }
}
