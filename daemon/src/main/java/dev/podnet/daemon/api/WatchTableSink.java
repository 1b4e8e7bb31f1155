package dev.podnet.daemon.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.podnet.api.Json;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * A watch stream whose event objects become one-row Tables ({@code kubectl get -w}). The column
 * definitions come with the first event only, as upstream's watch sends them; kubectl prints the
 * header once. ERROR events pass unchanged (their object is a Status); a BOOKMARK becomes a Table
 * without rows or columns that carries the resourceVersion, and leaves the columns to the first
 * event with a row.
 */
final class WatchTableSink implements ApiResponse.StreamSink {
  private final ApiResponse.StreamSink sink;
  private final TableConvertor.TableShape shape;
  private final StringBuilder pending = new StringBuilder();
  private boolean first = true;

  WatchTableSink(ApiResponse.StreamSink sink, TableConvertor.TableShape shape) {
    this.sink = sink;
    this.shape = shape;
  }

  /** {@code chunk}: events, one JSON document a line; a line split over chunks waits for its end. */
  @Override
  public void write(String chunk) {
    pending.append(chunk);
    int end = pending.lastIndexOf("\n");
    if (end < 0) {
      return;
    }
    StringBuilder out = new StringBuilder();
    for (String line : pending.substring(0, end).split("\n")) {
      if (!line.isBlank()) {
        out.append(Json.write(convert(read(line)))).append('\n');
      }
    }
    pending.delete(0, end + 1);
    sink.write(out.toString());
  }

  private JsonNode convert(JsonNode event) {
    String type = event.path("type").asText();
    if (type.equals("ERROR")) {
      return event;
    }
    boolean bookmark = type.equals("BOOKMARK");
    ObjectNode table = shape.table(event.path("object"), first && !bookmark);
    if (bookmark) {
      table.putArray("rows");
    } else {
      first = false;
    }
    ObjectNode converted = Json.mapper().createObjectNode().put("type", type);
    converted.set("object", table);
    return converted;
  }

  private static JsonNode read(String line) {
    try {
      return Json.mapper().readTree(line);
    } catch (IOException e) {
      throw new UncheckedIOException("a watch event is not JSON: " + e.getMessage(), e);
    }
  }

  @Override
  public boolean isOpen() {
    return sink.isOpen();
  }

  @Override
  public void onClose(Runnable r) {
    sink.onClose(r);
  }
}
