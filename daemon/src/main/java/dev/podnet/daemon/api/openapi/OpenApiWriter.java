package dev.podnet.daemon.api.openapi;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.podnet.api.Json;
import dev.podnet.api.ResourceType;
import java.util.List;
import java.util.Map;

/**
 * Writes an OpenAPI document of some kinds: v3 (one document per group-version, as
 * {@code /openapi/v3/apis/apps/v1} serves) or v2 (all kinds in one). Both come from the same
 * {@link Operations} and {@link Schemas}; they differ only in how parameters, bodies and answers
 * are spelled.
 */
final class OpenApiWriter {
  enum Flavor { V2, V3 }

  /**
   * Not strategic-merge-patch, though the server takes it: a strategic merge needs each list's
   * merge key ({@code x-kubernetes-patch-merge-key}), which fabric8's model does not carry. Told
   * that a kind takes one, {@code kubectl apply} would compute the patch from this document and
   * replace lists whole; not told, it computes it from its compiled-in types, with upstream's keys.
   */
  private static final List<String> PATCH_TYPES = List.of("application/apply-patch+yaml", "application/json-patch+json",
      "application/merge-patch+json");
  private static final List<String> ANSWER_TYPES = List.of("application/json", "application/yaml");

  private final Flavor flavor;

  OpenApiWriter(Flavor flavor) {
    this.flavor = flavor;
  }

  /** The document of {@code types}, with the Kubernetes version it describes. */
  String write(List<ResourceType> types, String kubernetesVersion) {
    Schemas schemas = new Schemas(flavor);
    ObjectNode paths = Json.mapper().createObjectNode();
    for (ResourceType t : types) {
      for (Operations.Route route : Operations.of(t, schemas)) {
        paths.set(route.path(), path(route, t));
      }
      schemas.markKind(SchemaNames.of(t.type()), t.group(), t.version(), t.kind());
      schemas.markKind(SchemaNames.of(t.type()) + "List", t.group(), t.version(), t.kind() + "List");
    }
    ObjectNode doc = Json.mapper().createObjectNode();
    doc.put(flavor == Flavor.V3 ? "openapi" : "swagger", flavor == Flavor.V3 ? "3.0.0" : "2.0");
    doc.putObject("info").put("title", "Kubernetes").put("version", kubernetesVersion);
    doc.set("paths", paths);
    ObjectNode definitions = flavor == Flavor.V3 ? doc.putObject("components").putObject("schemas") : doc.putObject("definitions");
    schemas.definitions().forEach(definitions::set);
    String text = Json.write(doc);
    return flavor == Flavor.V3 ? text : text.replace("\"" + Schemas.REF, "\"#/definitions/");
  }

  private ObjectNode path(Operations.Route route, ResourceType t) {
    ObjectNode p = Json.mapper().createObjectNode();
    for (Operations.Operation op : route.operations()) {
      p.set(op.method(), operation(op, t));
    }
    ArrayNode params = p.putArray("parameters");
    for (String name : route.pathParams()) {
      params.add(parameter(name, "path", "string", name.equals("name") ? "name of the " + t.kind()
          : "object name and auth scope, such as for teams and projects").put("required", true));
    }
    params.add(parameter(Param.PRETTY.name(), "query", Param.PRETTY.type(), Param.PRETTY.description()));
    return p;
  }

  private ObjectNode operation(Operations.Operation op, ResourceType t) {
    ObjectNode o = Json.mapper().createObjectNode();
    o.putArray("tags").add(Operations.tag(t));
    o.put("description", op.action() + " " + t.kind());
    o.put("operationId", op.id());
    ArrayNode params = o.putArray("parameters");
    op.query().forEach(q -> params.add(parameter(q.name(), "query", q.type(), q.description())));
    if (flavor == Flavor.V2) {
      o.set("consumes", Json.mapper().valueToTree(op.method().equals("patch") ? PATCH_TYPES : List.of("*/*")));
      o.set("produces", Json.mapper().valueToTree(ANSWER_TYPES));
    }
    op.body().ifPresent(body -> body(o, params, op, body));
    ObjectNode responses = o.putObject("responses");
    responses.set("200", answer("OK", op.response()));
    if (op.method().equals("post") || op.method().equals("put") || op.method().equals("patch")) {
      responses.set("201", answer("Created", op.response()));
    }
    if (op.method().equals("post") || op.method().equals("delete")) {
      responses.set("202", answer("Accepted", op.response()));
    }
    responses.putObject("401").put("description", "Unauthorized");
    o.put("x-kubernetes-action", op.action());
    o.putObject("x-kubernetes-group-version-kind").put("group", t.group()).put("kind", t.kind()).put("version", t.version());
    return o;
  }

  private void body(ObjectNode o, ArrayNode params, Operations.Operation op, String schema) {
    if (flavor == Flavor.V2) {
      ObjectNode b = params.addObject().put("name", "body").put("in", "body").put("required", !op.method().equals("delete"));
      b.set("schema", Schemas.ref(schema));
      return;
    }
    ObjectNode content = Json.mapper().createObjectNode();
    for (String type : op.method().equals("patch") ? PATCH_TYPES : List.of("*/*")) {
      content.putObject(type).set("schema", Schemas.ref(schema));
    }
    ObjectNode body = o.putObject("requestBody");
    body.set("content", content);
    body.put("required", !op.method().equals("delete"));
  }

  private ObjectNode answer(String description, String schema) {
    ObjectNode a = Json.mapper().createObjectNode().put("description", description);
    if (flavor == Flavor.V2) {
      a.set("schema", Schemas.ref(schema));
      return a;
    }
    ObjectNode content = a.putObject("content");
    ANSWER_TYPES.forEach(type -> content.putObject(type).set("schema", Schemas.ref(schema)));
    return a;
  }

  private ObjectNode parameter(String name, String in, String type, String description) {
    ObjectNode p = Json.mapper().createObjectNode().put("name", name).put("in", in).put("description", description);
    Map<String, Object> schema = Map.of("type", type, "uniqueItems", true);
    if (flavor == Flavor.V3) {
      p.set("schema", Json.mapper().valueToTree(schema));
    } else {
      p.put("type", type).put("uniqueItems", true);
    }
    return p;
  }
}
