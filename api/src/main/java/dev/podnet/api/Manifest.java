package dev.podnet.api;

import io.fabric8.kubernetes.api.model.HasMetadata;

/**
 * One object read from a manifest, with where it came from so later errors (from the API server, say)
 * can point back at the file.
 *
 * @param source   the file name, or {@code -} for standard input
 * @param document the 1-based position of its YAML document (or JSON value) among the non-empty ones
 * @param item     its 1-based position in a {@code kind: List}'s items; 0 when it is the document itself
 * @param object   the typed object, as written (no defaults applied)
 */
public record Manifest(String source, int document, int item, HasMetadata object) {

  public ResourceType type() {
    return Resources.of(object);
  }

  /** {@code pods.yaml: document 3} or {@code pods.yaml: document 1, item 2}: the prefix of every message about it. */
  public String location() {
    return source + ": document " + document + (item > 0 ? ", item " + item : "");
  }
}
