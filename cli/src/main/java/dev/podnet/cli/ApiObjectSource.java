package dev.podnet.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.podnet.ui.ObjectSource;
import java.time.Duration;
import java.util.function.Predicate;

/** The CLI's API client as the live map's {@link ObjectSource}. */
record ApiObjectSource(Api api) implements ObjectSource {

  @Override
  public JsonNode list(String path) {
    return api.get(path);
  }

  @Override
  public void watch(String path, Predicate<String> line) {
    api.stream(path, Duration.ZERO, line);
  }
}
