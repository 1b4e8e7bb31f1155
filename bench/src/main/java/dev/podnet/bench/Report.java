package dev.podnet.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One benchmark's results: rows of named columns, printed as a table and written as
 * {@code bench/results/NAME.csv} and {@code NAME.json}.
 */
public final class Report {
  private final String name;
  private final String title;
  private final List<String> columns;
  private final List<List<String>> rows = new ArrayList<>();
  private final Map<String, Object> notes = new LinkedHashMap<>();

  public Report(String name, String title, String... columns) {
    this.name = name;
    this.title = title;
    this.columns = List.of(columns);
  }

  public Report row(Object... values) {
    if (values.length != columns.size()) {
      throw new IllegalArgumentException("row has " + values.length + " values for " + columns.size() + " columns " + columns);
    }
    rows.add(Arrays.stream(values).map(Report::format).toList());
    return this;
  }

  /** A figure that is not a row (a ratio, the machine, the anchor). */
  public Report note(String key, Object value) {
    notes.put(key, value instanceof Double d ? format(d) : value);
    return this;
  }

  private static String format(Object v) {
    if (v instanceof Double d) {
      return Math.abs(d) >= 100 ? String.format("%.0f", d) : Math.abs(d) >= 10 ? String.format("%.1f", d) : String.format("%.2f", d);
    }
    return String.valueOf(v);
  }

  public String table() {
    int[] w = new int[columns.size()];
    for (int i = 0; i < w.length; i++) {
      w[i] = columns.get(i).length();
      for (List<String> r : rows) {
        w[i] = Math.max(w[i], r.get(i).length());
      }
    }
    StringBuilder b = new StringBuilder(title).append('\n');
    appendRow(b, columns, w);
    for (List<String> r : rows) {
      appendRow(b, r, w);
    }
    notes.forEach((k, v) -> b.append(k).append(": ").append(v).append('\n'));
    return b.toString();
  }

  private static void appendRow(StringBuilder b, List<String> cells, int[] w) {
    for (int i = 0; i < cells.size(); i++) {
      b.append(String.format("%-" + (w[i] + 2) + "s", cells.get(i)));
    }
    b.setLength(b.length() - 2);
    b.append('\n');
  }

  /** Prints the table and writes CSV and JSON under {@code dir}; returns the table. */
  public String printAndWrite(Path dir) {
    String t = table();
    System.out.println(t);
    try {
      Files.createDirectories(dir);
      StringBuilder csv = new StringBuilder(String.join(",", columns)).append('\n');
      rows.forEach(r -> csv.append(String.join(",", r)).append('\n'));
      Files.writeString(dir.resolve(name + ".csv"), csv);
      Map<String, Object> json = new LinkedHashMap<>();
      json.put("benchmark", name);
      json.put("title", title);
      json.put("when", Instant.now().toString());
      json.put("machine", Runtime.getRuntime().availableProcessors() + " cores, " + System.getProperty("os.name") + " " + System.getProperty("os.version"));
      json.put("columns", columns);
      json.put("rows", rows);
      json.put("notes", notes);
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(dir.resolve(name + ".json").toFile(), json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return t;
  }

  /** The {@code q}-quantile (0..1) of {@code values}, nearest rank. */
  public static double quantile(List<Double> values, double q) {
    double[] v = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    if (v.length == 0) {
      return Double.NaN;
    }
    int idx = (int) Math.ceil(q * v.length) - 1;
    return v[Math.max(0, Math.min(v.length - 1, idx))];
  }
}
