package dev.podnet.cli.print;

import com.fasterxml.jackson.databind.JsonNode;
import dev.podnet.api.ResourceType;
import dev.podnet.api.print.Columns;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** A {@code get} table: headers and rows of cells, laid out as kubectl's tabwriter does. */
public record Table(List<String> headers, List<List<String>> rows) {

  public Table {
    headers = List.copyOf(headers);
    rows = rows.stream().map(List::copyOf).toList();
  }

  /**
   * @param withNamespace a NAMESPACE column first, as {@code -A} shows
   */
  public static Table of(ResourceType type, List<JsonNode> items, Instant now, boolean wide, boolean withNamespace) {
    Columns columns = Columns.of(type);
    List<String> headers = new ArrayList<>();
    if (withNamespace) {
      headers.add("NAMESPACE");
    }
    headers.addAll(columns.headers(wide));
    List<List<String>> rows = new ArrayList<>();
    for (JsonNode item : items) {
      List<String> row = new ArrayList<>();
      if (withNamespace) {
        row.add(item.path("metadata").path("namespace").asText());
      }
      row.addAll(columns.cells(item, now, wide));
      rows.add(row);
    }
    return new Table(headers, rows);
  }

  public String render() {
    return render(true);
  }

  /** Without the header: a row printed under a header printed before (a watch). */
  public String render(boolean withHeader) {
    List<String> lines = new ArrayList<>();
    lines.add(String.join("\t", headers));
    rows.forEach(r -> lines.add(String.join("\t", r)));
    String text = TabWriter.table().format(lines);
    return withHeader ? text : text.substring(text.indexOf('\n') + 1);
  }
}
