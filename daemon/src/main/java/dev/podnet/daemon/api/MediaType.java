package dev.podnet.daemon.api;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One entry of an Accept header: {@code application/json;as=Table;v=v1;g=meta.k8s.io}. Kubernetes
 * clients name the shape of the answer they want in the {@code as}, {@code v} and {@code g}
 * parameters, and list alternatives in order of preference, the plain type last.
 */
public record MediaType(String type, Map<String, String> params) {

  public MediaType {
    params = Map.copyOf(params);
  }

  /** The entries of an Accept header in the client's order; {@code *}{@code /*} when there is none. */
  public static List<MediaType> accepted(ApiRequest r) {
    List<MediaType> out = new ArrayList<>();
    for (String entry : r.header("accept", "*/*").split(",")) {
      String[] parts = entry.split(";");
      Map<String, String> params = new LinkedHashMap<>();
      for (int i = 1; i < parts.length; i++) {
        int eq = parts[i].indexOf('=');
        if (eq > 0) {
          params.put(parts[i].substring(0, eq).trim().toLowerCase(Locale.ROOT), parts[i].substring(eq + 1).trim());
        }
      }
      out.add(new MediaType(parts[0].trim().toLowerCase(Locale.ROOT), params));
    }
    return out;
  }

  /** JSON or anything: what the server can write. */
  public boolean isJson() {
    return type.equals("application/json") || type.equals("*/*") || type.equals("application/*");
  }

  /** JSON in the shape {@code g/v as}, e.g. {@code meta.k8s.io v1 Table}. */
  public boolean is(String group, String version, String as) {
    return isJson() && group.equals(params.get("g")) && version.equals(params.get("v")) && as.equals(params.get("as"));
  }

  /** No particular shape asked for: the resource itself. */
  public boolean isPlain() {
    return isJson() && !params.containsKey("as");
  }

  /** How the answer's Content-Type names this shape. */
  public String contentType() {
    StringBuilder b = new StringBuilder("application/json");
    for (String k : List.of("g", "v", "as")) {
      if (params.containsKey(k)) {
        b.append(';').append(k).append('=').append(params.get(k));
      }
    }
    return b.toString();
  }
}
