package dev.podnet.api;

import java.util.List;

/**
 * A manifest that cannot be applied, with every problem found in it. Each of {@link #errors()} is a
 * self-contained line naming the source, the document, the object and the reason; the message is that
 * line when there is one, else a count followed by the lines.
 */
public final class ManifestException extends RuntimeException {
  private final List<String> errors;

  public ManifestException(String source, List<String> errors) {
    super(message(source, errors));
    this.errors = List.copyOf(errors);
  }

  public ManifestException(String error) {
    this("", List.of(error));
  }

  public List<String> errors() {
    return errors;
  }

  private static String message(String source, List<String> errors) {
    if (errors.isEmpty()) {
      throw new IllegalArgumentException("a ManifestException needs at least one error");
    }
    if (errors.size() == 1) {
      return errors.get(0);
    }
    return source + ": " + errors.size() + " errors\n" + String.join("\n", errors);
  }
}
