package dev.podnet.cli.print;

import com.fasterxml.jackson.databind.JsonNode;
import dev.podnet.api.print.Age;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;

/**
 * The {@code Events:} table ending kubectl describe: type, reason, age (with {@code (xN over T)}
 * for a repeated event), source component and message, oldest first.
 */
public final class EventsDescription {
  private EventsDescription() {}

  public static void describe(Description d, List<JsonNode> events) {
    if (events.isEmpty()) {
      d.field(0, "Events", "<none>");
      return;
    }
    d.heading(0, "Events:");
    d.row(1, List.of("Type", "Reason", "Age", "From", "Message"));
    d.row(1, List.of("----", "------", "----", "----", "-------"));
    events.stream().sorted(Comparator.comparing(EventsDescription::last)).forEach(e -> d.row(1, List.of(e.path("type").asText(),
        e.path("reason").asText(), age(e, d.now()), from(e), e.path("message").asText().strip())));
  }

  private static String last(JsonNode e) {
    return e.path("lastTimestamp").asText(e.path("eventTime").asText(e.path("metadata").path("creationTimestamp").asText("")));
  }

  private static String age(JsonNode e, Instant now) {
    String last = last(e);
    String age = last.isEmpty() ? "<unknown>" : Age.since(last, now);
    int count = e.path("count").asInt(1);
    String first = e.path("firstTimestamp").asText("");
    return count > 1 && !first.isEmpty() ? age + " (x" + count + " over " + Age.since(first, now) + ")" : age;
  }

  /** kubectl prints the component, and the host only for events without one; the reporting controller when there is no source. */
  private static String from(JsonNode e) {
    String component = e.path("source").path("component").asText("");
    return component.isEmpty() ? e.path("reportingComponent").asText("") : component;
  }
}
