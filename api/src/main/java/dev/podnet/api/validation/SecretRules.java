package dev.podnet.api.validation;

import io.fabric8.kubernetes.api.model.Secret;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A Secret as upstream validates it: data keys that can be file names, and for the typed
 * Secrets the keys their type promises. A {@code kubernetes.io/tls} Secret must hold a
 * certificate and a key that parse (upstream checks presence only; an Ingress controller that
 * loads an unparseable pair can only log it, so podnet refuses it at the door instead). The
 * values are never echoed in errors: they are secrets.
 */
final class SecretRules {
  static final String TLS = "kubernetes.io/tls";
  static final String CERT = "tls.crt";
  static final String KEY = "tls.key";
  private static final Pattern CONFIG_KEY = Pattern.compile("[-._a-zA-Z0-9]+");
  private static final int MAX_BYTES = 1024 * 1024;

  private SecretRules() {}

  static void validate(Secret secret, ErrorList errors) {
    Map<String, byte[]> data = new HashMap<>();
    collect(secret.getData(), true, FieldPath.of("data"), data, errors);
    collect(secret.getStringData(), false, FieldPath.of("stringData"), data, errors);
    long total = data.values().stream().mapToLong(v -> v.length).sum();
    if (total > MAX_BYTES) {
      errors.add(new FieldError("data", FieldError.Type.TOO_LONG, "", "may not be more than " + MAX_BYTES + " bytes"));
    }
    if (TLS.equals(secret.getType())) {
      tls(data, errors);
    }
  }

  private static void collect(Map<String, String> values, boolean base64, FieldPath at, Map<String, byte[]> into, ErrorList errors) {
    if (values == null) {
      return;
    }
    values.forEach((key, value) -> {
      if (key.isEmpty() || !CONFIG_KEY.matcher(key).matches() || key.equals(".") || key.equals("..")) {
        errors.invalid(at, key, "a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name', "
            + "or 'KEY_NAME', or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')");
      }
      String v = value == null ? "" : value;
      if (!base64) {
        into.put(key, v.getBytes(StandardCharsets.UTF_8));
        return;
      }
      try {
        into.put(key, Base64.getDecoder().decode(v));
      } catch (IllegalArgumentException e) {
        errors.add(new FieldError(at.key(key).text(), FieldError.Type.INVALID, "", "must be base64: " + e.getMessage()));
      }
    });
  }

  private static void tls(Map<String, byte[]> data, ErrorList errors) {
    for (String key : List.of(CERT, KEY)) {
      FieldPath at = FieldPath.of("data").key(key);
      if (!data.containsKey(key)) {
        errors.required(at);
        continue;
      }
      Optional<String> problem = key.equals(CERT) ? TlsPem.certificateProblem(data.get(key)) : TlsPem.keyProblem(data.get(key));
      problem.ifPresent(p -> errors.add(new FieldError(at.text(), FieldError.Type.INVALID, "", p)));
    }
  }
}
