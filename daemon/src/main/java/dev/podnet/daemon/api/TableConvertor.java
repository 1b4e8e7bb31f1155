package dev.podnet.daemon.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.podnet.api.Json;
import dev.podnet.api.print.Column;
import dev.podnet.api.print.Columns;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Server-side printing: when a GET's Accept header prefers {@code as=Table;g=meta.k8s.io}, as
 * {@code kubectl get} sends, the list, object or watch answer becomes a {@code meta.k8s.io Table}
 * with the columns {@code podnet get} prints ({@link Columns}). kubectl then prints the cells as
 * they come; without it, kubectl would print only NAME and AGE. A decorator of the endpoints'
 * answers, so the endpoints stay unaware of how their objects get printed.
 */
public final class TableConvertor {
  private final Clock clock;

  public TableConvertor(Clock clock) {
    this.clock = clock;
  }

  /** {@code answer} as the client asked for it: a Table if it prefers one, else unchanged. */
  public ApiResponse convert(ApiRequest r, ObjectPath p, ApiResponse answer) {
    if (!r.method().equals("GET") || !p.subresource().isEmpty()) {
      return answer;
    }
    Optional<String> version = tableVersion(r);
    if (version.isEmpty()) {
      return answer;
    }
    TableShape shape = new TableShape(Columns.of(p.type()), "meta.k8s.io/" + version.get(), include(r), clock);
    if (answer instanceof ApiResponse.Json j && j.code() == 200) {
      return ApiResponse.ok(shape.table(Json.mapper().valueToTree(j.body()), true));
    }
    if (answer instanceof ApiResponse.Stream s) {
      return new ApiResponse.Stream(s.contentType(), sink -> s.producer().produce(new WatchTableSink(sink, shape)));
    }
    return answer;
  }

  /** {@code v1} or {@code v1beta1} if a Table comes before plain JSON in the Accept header. */
  private static Optional<String> tableVersion(ApiRequest r) {
    for (MediaType m : MediaType.accepted(r)) {
      for (String v : List.of("v1", "v1beta1")) {
        if (m.is("meta.k8s.io", v, "Table")) {
          return Optional.of(v);
        }
      }
      if (m.isPlain()) {
        return Optional.empty();
      }
    }
    return Optional.empty();
  }

  private static Include include(ApiRequest r) {
    String v = r.param("includeObject", "Metadata");
    try {
      return Include.valueOf(v.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw ApiError.badRequest("includeObject=" + v + " is not one of None, Metadata, Object");
    }
  }

  /** What each row carries of its object: nothing, a {@code PartialObjectMetadata}, or all of it. */
  enum Include { NONE, METADATA, OBJECT }

  /** How rows are built for one request. */
  record TableShape(Columns columns, String apiVersion, Include include, Clock clock) {

    /** A Table of a list's items, or of one object; {@code withColumns} false leaves out the column definitions (later watch events). */
    ObjectNode table(JsonNode body, boolean withColumns) {
      boolean list = body.path("kind").asText().endsWith("List") && body.has("items");
      List<JsonNode> items = new ArrayList<>();
      (list ? body.path("items") : Json.mapper().createArrayNode().add(body)).forEach(items::add);
      ObjectNode table = Json.mapper().createObjectNode().put("kind", "Table").put("apiVersion", apiVersion);
      ObjectNode meta = table.putObject("metadata");
      if (list) {
        meta.setAll((ObjectNode) body.path("metadata").deepCopy());
      } else if (body.path("metadata").has("resourceVersion")) {
        meta.put("resourceVersion", body.path("metadata").path("resourceVersion").asText());
      }
      ArrayNode defs = table.putArray("columnDefinitions");
      if (withColumns) {
        columns.columns().forEach(c -> defs.add(definition(c)));
      }
      ArrayNode rows = table.putArray("rows");
      Instant now = clock.instant();
      items.forEach(i -> rows.add(row(i, now)));
      return table;
    }

    private ObjectNode row(JsonNode object, Instant now) {
      ObjectNode row = Json.mapper().createObjectNode();
      ArrayNode cells = row.putArray("cells");
      columns.cells(object, now).forEach(cells::add);
      switch (include) {
        case OBJECT -> row.set("object", object);
        case METADATA -> row.putObject("object").put("kind", "PartialObjectMetadata").put("apiVersion", "meta.k8s.io/v1")
            .set("metadata", object.path("metadata"));
        case NONE -> { }
      }
      return row;
    }

    private static ObjectNode definition(Column c) {
      return Json.mapper().createObjectNode().put("name", c.name()).put("type", c.type()).put("format", c.format())
          .put("description", c.description()).put("priority", c.priority());
    }
  }
}
