package dev.podnet.daemon.api.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import dev.podnet.api.Json;
import dev.podnet.api.ResourceType;
import dev.podnet.api.Resources;
import dev.podnet.daemon.api.ApiError;
import dev.podnet.daemon.api.ApiRequest;
import dev.podnet.daemon.api.ApiResponse;
import dev.podnet.daemon.api.MediaType;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * {@code /openapi/v2}, {@code /openapi/v3} (an index naming one document per group-version, each
 * with a content hash in its URL) and {@code /openapi/v3/api/v1}, {@code /openapi/v3/apis/G/V}.
 * kubectl reads them for {@code explain}, and to learn that the server validates fields
 * ({@code fieldValidation}) so it need not. The documents only change with the code: built once,
 * on first use (they take a moment), then served with an ETag.
 */
public final class OpenApiEndpoints {
  /**
   * How a client asks for v2 in protobuf: kubectl before 1.27 asks for nothing else. client-go
   * has spelled it with {@code @} and with {@code .} before the version; the answer is labelled
   * with the second, since Go's mime parser refuses an {@code @} in a Content-Type.
   */
  private static final List<String> PROTOBUF = List.of("application/com.github.proto-openapi.spec.v2@v1.0+protobuf",
      "application/com.github.proto-openapi.spec.v2.v1.0+protobuf");

  private final String kubernetesVersion;
  private volatile Documents documents;

  /** A built document and the hash that names it. */
  record Document(String hash, String contentType, byte[] body) {}

  record Documents(Document v2, Document v2Protobuf, Map<String, Document> v3) {}

  /** @param kubernetesVersion as {@code /version} says it, {@code v1.32.0} */
  public OpenApiEndpoints(String kubernetesVersion) {
    this.kubernetesVersion = kubernetesVersion;
  }

  /** The answer to {@code r} if its path is an OpenAPI path. */
  public Optional<ApiResponse> answer(ApiRequest r) {
    List<String> seg = r.segments();
    if (seg.size() < 2 || !seg.get(0).equals("openapi") || !r.method().equals("GET")) {
      return Optional.empty();
    }
    if (seg.equals(List.of("openapi", "v2"))) {
      return Optional.of(v2(r));
    }
    if (seg.equals(List.of("openapi", "v3"))) {
      return Optional.of(ApiResponse.ok(index()));
    }
    if (seg.get(1).equals("v3")) {
      String groupVersion = String.join("/", seg.subList(2, seg.size()));
      Document d = documents().v3().get(groupVersion);
      if (d == null) {
        throw ApiError.notFound("there is no OpenAPI v3 document for " + groupVersion + "; /openapi/v3 lists those there are");
      }
      return Optional.of(serve(r, d));
    }
    return Optional.empty();
  }

  /** JSON or protobuf, whichever the client names first. */
  private ApiResponse v2(ApiRequest r) {
    for (MediaType m : MediaType.accepted(r)) {
      if (m.isJson()) {
        return serve(r, documents().v2());
      }
      if (PROTOBUF.contains(m.type())) {
        return serve(r, documents().v2Protobuf());
      }
    }
    throw new ApiError(406, "NotAcceptable", "the OpenAPI v2 document is served as application/json or " + PROTOBUF.get(0) + ", not "
        + r.header("accept", "") + "; the v3 documents under /openapi/v3 describe the same API");
  }

  private Map<String, Object> index() {
    Map<String, Object> paths = new LinkedHashMap<>();
    documents().v3().forEach((gv, d) -> paths.put(gv, Map.of("serverRelativeURL", "/openapi/v3/" + gv + "?hash=" + d.hash())));
    return Map.of("paths", paths);
  }

  /** 304 when the client holds this version; immutable when it asked by this hash. */
  private static ApiResponse serve(ApiRequest r, Document d) {
    String etag = "\"" + d.hash() + "\"";
    Map<String, String> headers = Map.of("ETag", etag, "Cache-Control",
        r.param("hash", "").equals(d.hash()) ? "public, immutable, max-age=31536000" : "no-cache, private", "Vary", "Accept");
    if (r.header("if-none-match", "").equals(etag)) {
      return new ApiResponse.Bytes(304, d.contentType(), headers, new byte[0]);
    }
    return new ApiResponse.Bytes(200, d.contentType(), headers, d.body());
  }

  private Documents documents() {
    Documents d = documents;
    if (d == null) {
      synchronized (this) {
        if (documents == null) {
          documents = build();
        }
        d = documents;
      }
    }
    return d;
  }

  private Documents build() {
    Map<String, List<ResourceType>> byGroupVersion = Resources.all().stream()
        .collect(Collectors.groupingBy(t -> t.apiPrefix().substring(1), LinkedHashMap::new, Collectors.toList()));
    Map<String, Document> v3 = new LinkedHashMap<>();
    byGroupVersion.forEach((gv, types) -> v3.put(gv, json(new OpenApiWriter(OpenApiWriter.Flavor.V3).write(types, kubernetesVersion))));
    String v2 = new OpenApiWriter(OpenApiWriter.Flavor.V2).write(Resources.all(), kubernetesVersion);
    Document protobuf = document(PROTOBUF.get(1), OpenApiV2Protobuf.document(Json.read(v2, JsonNode.class)));
    return new Documents(json(v2), protobuf, Map.copyOf(v3));
  }

  private static Document json(String text) {
    return document("application/json", text.getBytes(StandardCharsets.UTF_8));
  }

  private static Document document(String contentType, byte[] body) {
    try {
      return new Document(HexFormat.of().withUpperCase().formatHex(MessageDigest.getInstance("SHA-512").digest(body)), contentType, body);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("this JVM has no SHA-512, which every Java platform must provide", e);
    }
  }
}
