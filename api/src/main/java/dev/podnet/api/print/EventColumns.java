package dev.podnet.api.print;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * {@code LAST SEEN TYPE REASON OBJECT MESSAGE}, wide adds SUBOBJECT and SOURCE before MESSAGE and
 * FIRST SEEN, COUNT, NAME after it, as kubectl's printEvent: an event in a series was last seen at
 * the series' last observation; an event without a count happened once.
 */
final class EventColumns implements Columns {
  private static final List<Column> COLUMNS = List.of(
      Column.of("Last Seen", "The time at which the most recent occurrence of this event was recorded."),
      Column.of("Type", "Type of this event (Normal, Warning)."),
      Column.of("Reason", "This should be a short, machine understandable string that gives the reason for the transition into the object's "
          + "current status."),
      Column.of("Object", "The object that this event is about."),
      Column.wide("Subobject", "If referring to a piece of an object instead of an entire object, this string should contain a valid JSON/Go "
          + "field access statement."),
      Column.wide("Source", "The component reporting this event."),
      Column.of("Message", "A human-readable description of the status of this operation."),
      Column.wide("First Seen", "The time at which the event was first recorded."),
      Column.wide("Count", "The number of times this event has occurred."),
      new Column("Name", "string", "name", Column.NAME.description(), 1));

  @Override
  public List<Column> columns() {
    return COLUMNS;
  }

  @Override
  public List<String> cells(JsonNode e, Instant now) {
    String first = Age.since(e.path("firstTimestamp").asText(""), now);
    if (e.path("firstTimestamp").asText("").isEmpty()) {
      first = Age.since(e.path("eventTime").asText(""), now);
    }
    String last = e.path("lastTimestamp").asText("").isEmpty() ? first : Age.since(e.path("lastTimestamp").asText(), now);
    int count = e.path("count").asInt();
    if (e.path("series").isObject()) {
      last = Age.since(e.path("series").path("lastObservedTime").asText(""), now);
      count = e.path("series").path("count").asInt();
    } else if (count == 0) {
      count = 1;
    }
    JsonNode involved = e.path("involvedObject");
    String kind = involved.path("kind").asText().toLowerCase(Locale.ROOT);
    String object = involved.path("name").asText("").isEmpty() ? kind : kind + "/" + involved.path("name").asText();
    return List.of(last, e.path("type").asText(), e.path("reason").asText(), object, involved.path("fieldPath").asText(), source(e),
        e.path("message").asText().strip(), first, String.valueOf(count), e.path("metadata").path("name").asText());
  }

  /** {@code kubelet, node-1}: the component and where it runs, from the old fields or the new. */
  private static String source(JsonNode e) {
    String component = Columns.text(e.path("source").path("component"), e.path("reportingComponent").asText(""));
    String instance = Columns.text(e.path("source").path("host"), e.path("reportingInstance").asText(""));
    if (component.isEmpty()) {
      return "";
    }
    return instance.isEmpty() ? component : component + ", " + instance;
  }
}
