package dev.podnet.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Waits, through a watch, until named objects of one collection meet a condition: list once, then follow
 * the changes after the list's resourceVersion; a watch that ends (or a compacted, Gone, version) lists again.
 */
final class Waiter {
  private final Api api;
  private final Clock clock;

  /**
   * @param met true for an object that is done; an empty Optional is an object that is gone
   */
  record Goal(Collection collection, List<String> names, Predicate<Optional<JsonNode>> met, Consumer<String> onMet) {}

  Waiter(Api api, Clock clock) {
    this.api = api;
    this.clock = clock;
  }

  /** The names that had not met the goal when {@code timeout} passed ({@link Duration#ZERO}: wait for ever); empty when all did. */
  List<String> await(Goal goal, Duration timeout) {
    Instant deadline = timeout.isZero() ? Instant.MAX : clock.instant().plus(timeout);
    Map<String, Boolean> pending = new LinkedHashMap<>();
    goal.names().forEach(n -> pending.put(n, true));
    while (!pending.isEmpty()) {
      JsonNode list = goal.collection().list(api);
      Map<String, JsonNode> current = new LinkedHashMap<>();
      Collection.items(list).forEach(i -> current.put(i.path("metadata").path("name").asText(), i));
      for (String name : List.copyOf(pending.keySet())) {
        check(goal, pending, name, Optional.ofNullable(current.get(name)));
      }
      if (pending.isEmpty()) {
        break;
      }
      Duration left = deadline.equals(Instant.MAX) ? Duration.ZERO : Duration.between(clock.instant(), deadline);
      if (!timeout.isZero() && (left.isNegative() || left.isZero())) {
        break;
      }
      Api.StreamEnd end = api.stream(goal.collection().watchPath(list.path("metadata").path("resourceVersion").asText("")), left,
          line -> onEvent(goal, pending, WatchEvent.parse(line)));
      if (end == Api.StreamEnd.TIMED_OUT) {
        break;
      }
    }
    return List.copyOf(pending.keySet());
  }

  /** False to end the watch: all done, or an ERROR event (list again). */
  private static boolean onEvent(Goal goal, Map<String, Boolean> pending, JsonNode event) {
    if (event.isMissingNode()) {
      return true;
    }
    String type = event.path("type").asText();
    if ("ERROR".equals(type)) {
      return false;
    }
    JsonNode object = event.path("object");
    String name = object.path("metadata").path("name").asText();
    if (pending.containsKey(name)) {
      check(goal, pending, name, "DELETED".equals(type) ? Optional.empty() : Optional.of(object));
    }
    return !pending.isEmpty();
  }

  private static void check(Goal goal, Map<String, Boolean> pending, String name, Optional<JsonNode> object) {
    if (goal.met().test(object)) {
      pending.remove(name);
      goal.onMet().accept(name);
    }
  }

  /** Named objects grouped by the collection to watch them in: one watch per kind and namespace. */
  static Map<Collection, List<String>> byCollection(List<ObjectRef> refs) {
    Map<Collection, List<String>> groups = new LinkedHashMap<>();
    refs.forEach(r -> groups.computeIfAbsent(new Collection(r.type(), r.namespace(), ""), c -> new java.util.ArrayList<>()).add(r.name()));
    return groups;
  }

  /** The object has condition {@code type} with status {@code status} (case-insensitive, like kubectl). */
  static boolean hasCondition(JsonNode object, String type, String status) {
    for (JsonNode c : object.path("status").path("conditions")) {
      if (type.equalsIgnoreCase(c.path("type").asText())) {
        return status.equalsIgnoreCase(c.path("status").asText());
      }
    }
    return false;
  }
}
