package dev.podnet.api;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * A manifest's text as trees, one per non-empty document. YAML is cut at {@code ---} lines the way
 * kubectl cuts it, and each piece parsed alone, so one malformed document does not hide the others
 * and line numbers count from the top of the file. A text starting with '{' is a stream of JSON objects.
 */
final class Documents {
  /** Two keys of one name are a mistake kubectl refuses, not "last one wins". */
  private static final ObjectMapper YAML = YAMLMapper.builder().addModule(new com.fasterxml.jackson.datatype.jsr310.JavaTimeModule()).enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
  private static final ObjectMapper JSON = JsonMapper.builder().addModule(new com.fasterxml.jackson.datatype.jsr310.JavaTimeModule()).enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

  /** A document's tree, or why it could not be parsed. */
  sealed interface Parsed permits Tree, Malformed {}

  record Tree(JsonNode node) implements Parsed {}

  record Malformed(String reason) implements Parsed {}

  private Documents() {}

  static List<Parsed> parse(String text) {
    return text.stripLeading().startsWith("{") ? parseJson(text) : parseYaml(text);
  }

  private static List<Parsed> parseYaml(String text) {
    List<Parsed> docs = new ArrayList<>();
    String[] lines = text.split("\n", -1);
    StringBuilder doc = new StringBuilder();
    int firstLine = 1;
    for (int i = 0; i <= lines.length; i++) {
      if (i == lines.length || isSeparator(lines[i])) {
        addYaml(doc.toString(), firstLine, docs);
        doc.setLength(0);
        firstLine = i + 2;
      } else {
        doc.append(lines[i]).append('\n');
      }
    }
    return docs;
  }

  /** kubectl's rule: a line that is {@code ---} and nothing but trailing space. */
  private static boolean isSeparator(String line) {
    return line.startsWith("---") && line.substring(3).isBlank();
  }

  private static void addYaml(String doc, int firstLine, List<Parsed> docs) {
    try {
      JsonNode node = YAML.readTree(doc);
      if (node != null && !node.isMissingNode() && !node.isNull()) {
        docs.add(new Tree(node));
      }
    } catch (JsonProcessingException e) {
      docs.add(new Malformed("malformed YAML " + where(e, firstLine)));
    }
  }

  private static List<Parsed> parseJson(String text) {
    List<Parsed> docs = new ArrayList<>();
    try (MappingIterator<JsonNode> values = JSON.readerFor(JsonNode.class).readValues(text)) {
      while (values.hasNextValue()) {
        docs.add(new Tree(values.nextValue()));
      }
    } catch (JsonProcessingException e) {
      docs.add(new Malformed("malformed JSON " + where(e, 1)));
    } catch (IOException e) {
      docs.add(new Malformed("malformed JSON: " + e.getMessage()));
    }
    return docs;
  }

  /** {@code at line 7, column 3: mapping values are not allowed here}, the line counted in the whole file. */
  private static String where(JsonProcessingException e, int firstLine) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof MarkedYAMLException yaml && yaml.getProblemMark() != null) {
        Mark mark = yaml.getProblemMark();
        return "at line " + (firstLine + mark.getLine()) + ", column " + (mark.getColumn() + 1) + ": " + yaml.getProblem();
      }
    }
    JsonLocation at = e.getLocation();
    String reason = e.getOriginalMessage().lines().findFirst().orElse("");
    if (at == null || at.getLineNr() < 1) {
      return ": " + reason;
    }
    return "at line " + (firstLine + at.getLineNr() - 1) + ", column " + at.getColumnNr() + ": " + reason;
  }
}
