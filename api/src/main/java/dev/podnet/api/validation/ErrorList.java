package dev.podnet.api.validation;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** Collects the field errors of one object, so every rule can report all it finds instead of stopping at the first. */
final class ErrorList {
  private final List<FieldError> errors = new ArrayList<>();

  List<FieldError> all() {
    return List.copyOf(errors);
  }

  void add(FieldError error) {
    errors.add(error);
  }

  void required(FieldPath path) {
    required(path, "");
  }

  void required(FieldPath path, String detail) {
    errors.add(FieldError.required(path.text(), detail));
  }

  void invalid(FieldPath path, Object value, String detail) {
    errors.add(FieldError.invalid(path.text(), value, detail));
  }

  void duplicate(FieldPath path, Object value, String detail) {
    errors.add(FieldError.duplicate(path.text(), value, detail));
  }

  void forbidden(FieldPath path, String detail) {
    errors.add(FieldError.forbidden(path.text(), detail));
  }

  /** A value outside {@code supported}; null counts as unset (defaults fill it), so it passes. */
  void oneOf(FieldPath path, String value, List<String> supported) {
    if (value != null && !supported.contains(value)) {
      errors.add(FieldError.notSupported(path.text(), value, supported));
    }
  }

  /** Checks {@code value} with a name rule; each reason it fails is one error. */
  void name(FieldPath path, String value, Function<String, List<String>> rule) {
    rule.apply(value).forEach(reason -> invalid(path, value, reason));
  }

  /** A name that must be given, and then must follow {@code rule}. */
  void requiredName(FieldPath path, String value, Function<String, List<String>> rule) {
    if (isBlank(value)) {
      required(path);
    } else {
      name(path, value, rule);
    }
  }

  /** A name that may be left out, but if given must follow {@code rule}. */
  void optionalName(FieldPath path, String value, Function<String, List<String>> rule) {
    if (!isBlank(value)) {
      name(path, value, rule);
    }
  }

  /** Null counts as unset: defaults fill it. */
  void atLeast(FieldPath path, Number value, long min) {
    if (value != null && value.longValue() < min) {
      invalid(path, value, "must be greater than or equal to " + min);
    }
  }

  /** Label keys and values, as for metadata.labels and spec.nodeSelector. */
  void labels(FieldPath path, Map<String, String> labels) {
    if (labels == null) {
      return;
    }
    labels.forEach((key, value) -> {
      name(path, key, Names::qualifiedName);
      name(path, value == null ? "" : value, Names::labelValue);
    });
  }

  static boolean isBlank(String s) {
    return s == null || s.isEmpty();
  }
}
