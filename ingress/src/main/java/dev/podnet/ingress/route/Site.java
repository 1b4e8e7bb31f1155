package dev.podnet.ingress.route;

/**
 * Where a request landed, as ingress-nginx labels its metrics: the Ingress ({@code ns/name},
 * empty for the built-in 404), the rule's host ({@code *} for any) and the rule's path.
 */
public record Site(String ingress, String host, String path) {
  public static final Site NONE = new Site("", "*", "");
}
