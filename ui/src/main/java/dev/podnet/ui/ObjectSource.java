package dev.podnet.ui;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.function.Predicate;

/** A Kubernetes API as the live map reads it: lists and watch streams. The CLI adapts its own client to it. */
public interface ObjectSource {

  /** The list at {@code path}: {@code items} and {@code metadata.resourceVersion}. */
  JsonNode list(String path);

  /** Hands each line of the watch at {@code path} to {@code line} until it returns false or the server ends the stream. */
  void watch(String path, Predicate<String> line);
}
