package dev.podnet.daemon.api;

import java.util.List;

/**
 * Who sent a request, as authentication established it: a user name and groups in Kubernetes'
 * terms ({@code kubernetes-admin} in {@code system:masters}; {@code
 * system:serviceaccount:NS:NAME} in {@code system:serviceaccounts}). The root-only unix socket is
 * the admin; an unauthenticated caller never reaches an endpoint (401).
 */
public record Caller(String user, List<String> groups) {
  public static final String MASTERS = "system:masters";
  public static final Caller ADMIN = new Caller("kubernetes-admin", List.of(MASTERS, "system:authenticated"));
  /** A request over HTTPS that proved nothing: it may reach only the public health and version paths. */
  public static final Caller ANONYMOUS = new Caller("system:anonymous", List.of("system:unauthenticated"));

  public Caller {
    groups = List.copyOf(groups);
  }

  public boolean isAdmin() {
    return groups.contains(MASTERS);
  }

  public static Caller serviceAccount(String namespace, String name) {
    return new Caller("system:serviceaccount:" + namespace + ":" + name,
        List.of("system:serviceaccounts", "system:serviceaccounts:" + namespace, "system:authenticated"));
  }
}
