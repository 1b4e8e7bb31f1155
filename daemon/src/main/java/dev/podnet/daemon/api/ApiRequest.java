package dev.podnet.daemon.api;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One HTTP request as the endpoints see it: header names in lower case, and the {@link Caller}
 * authentication found. {@code query} has the last value of each parameter; {@code repeated} all
 * of them, for the few that repeat ({@code command} of exec, {@code ports} of port-forward).
 */
public record ApiRequest(String method, String path, Map<String, String> query, Map<String, String> headers, Caller caller, byte[] body,
    Map<String, List<String>> repeated) {

  /** A request from the admin without headers (tests, the unix socket). */
  public static ApiRequest of(String method, String uri, byte[] body) {
    return of(method, uri, Map.of(), Caller.ADMIN, body);
  }

  public static ApiRequest of(String method, String uri, Map<String, String> headers, Caller caller, byte[] body) {
    int q = uri.indexOf('?');
    String path = q < 0 ? uri : uri.substring(0, q);
    Map<String, String> query = new LinkedHashMap<>();
    Map<String, List<String>> repeated = new LinkedHashMap<>();
    if (q >= 0) {
      for (String kv : uri.substring(q + 1).split("&")) {
        if (kv.isEmpty()) {
          continue;
        }
        int eq = kv.indexOf('=');
        String k = URLDecoder.decode(eq < 0 ? kv : kv.substring(0, eq), StandardCharsets.UTF_8);
        String v = eq < 0 ? "" : URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8);
        query.put(k, v);
        repeated.computeIfAbsent(k, x -> new ArrayList<>()).add(v);
      }
    }
    Map<String, String> h = new LinkedHashMap<>();
    headers.forEach((k, v) -> h.put(k.toLowerCase(java.util.Locale.ROOT), v));
    return new ApiRequest(method, path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path, query, h, caller, body, repeated);
  }

  /** A header's value, by any spelling of its name. */
  public String header(String name, String otherwise) {
    return headers.getOrDefault(name.toLowerCase(java.util.Locale.ROOT), otherwise);
  }

  public List<String> segments() {
    return Arrays.stream(path.split("/")).filter(s -> !s.isEmpty()).toList();
  }

  /** Every value of a parameter, in the order given. */
  public List<String> params(String name) {
    return repeated.getOrDefault(name, List.of());
  }

  public String param(String name, String otherwise) {
    return query.getOrDefault(name, otherwise);
  }

  public boolean flag(String name) {
    String v = query.get(name);
    return v != null && (v.isEmpty() || v.equalsIgnoreCase("true") || v.equals("1"));
  }

  public String bodyText() {
    return new String(body, StandardCharsets.UTF_8);
  }
}
