package dev.podnet.cli.print;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.Clock;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * kubectl describe's text: labelled fields two spaces deeper per level, aligned as its tabwriter
 * aligns them (a line without a tab, like {@code Containers:}, starts a new alignment block).
 */
public final class Description {
  /** Go's RFC1123Z, which describe prints times in. */
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss Z", Locale.ENGLISH);

  private final List<String> lines = new ArrayList<>();
  private final Clock clock;

  public Description(Clock clock) {
    this.clock = clock;
  }

  public Instant now() {
    return clock.instant();
  }

  public Description field(int level, String label, String value) {
    lines.add(indent(level) + label + ":\t" + value);
    return this;
  }

  /** A line with no value column: {@code Containers:}, {@code Command:}. */
  public Description heading(int level, String text) {
    lines.add(indent(level) + text);
    return this;
  }

  /** A table row under a heading: cells aligned with the rows next to it. */
  public Description row(int level, List<String> cells) {
    lines.add(indent(level) + String.join("\t", cells));
    return this;
  }

  /** {@code Labels:  a=b} with further pairs aligned below the first, {@code <none>} when empty. */
  public Description pairs(int level, String label, JsonNode map, String separator) {
    TreeMap<String, String> sorted = new TreeMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = map.fields(); it.hasNext();) {
      Map.Entry<String, JsonNode> e = it.next();
      sorted.put(e.getKey(), e.getValue().asText());
    }
    if (sorted.isEmpty()) {
      return field(level, label, "<none>");
    }
    boolean first = true;
    for (Map.Entry<String, String> e : sorted.entrySet()) {
      lines.add(indent(level) + (first ? label + ":" : "") + "\t" + e.getKey() + separator + e.getValue());
      first = false;
    }
    return this;
  }

  /** An RFC 3339 timestamp as describe prints it: {@code Mon, 02 Jan 2006 15:04:05 +0000}. */
  public String time(JsonNode timestamp) {
    String t = timestamp.asText("");
    if (t.isEmpty()) {
      return "<unset>";
    }
    try {
      return TIME.format(Instant.parse(t).atZone(clock.getZone()));
    } catch (DateTimeParseException e) {
      return t;
    }
  }

  public String render() {
    return new TabWriter(0, 2).format(lines);
  }

  private static String indent(int level) {
    return "  ".repeat(level);
  }
}
