package dev.podnet.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.function.Predicate;

/**
 * podnetd's REST API as the commands use it (docs/api.md). Paths carry their query. Every failure is an
 * {@link ApiException}: a Status from the server, or no podnetd to talk to.
 */
public interface Api {

  JsonNode get(String path);

  JsonNode post(String path, JsonNode body);

  JsonNode put(String path, JsonNode body);

  JsonNode delete(String path);

  /**
   * Reads a streamed body (a watch, a followed log) line by line, handing each to {@code line} until it
   * returns false, the server ends the body, or {@code timeout} passes ({@link Duration#ZERO}: never).
   */
  StreamEnd stream(String path, Duration timeout, Predicate<String> line);

  /** Why {@link #stream} returned. */
  enum StreamEnd { STOPPED, ENDED, TIMED_OUT }
}
