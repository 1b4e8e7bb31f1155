package dev.podnet.daemon.api.patch;

/**
 * Who writes, for managedFields: the {@code fieldManager} name (or the User-Agent's product), the
 * apiVersion written, and the subresource written through ({@code status}, {@code scale}; empty for
 * the object itself).
 */
public record Manager(String name, String apiVersion, String subresource) {
  /** Upstream's limit on a manager's name. */
  private static final int MAX_NAME = 128;

  public Manager {
    if (name.length() > MAX_NAME) {
      name = name.substring(0, MAX_NAME);
    }
  }

  /** The manager of an update: {@code fieldManager}, else the User-Agent up to its first '/' ({@code kubectl}). */
  public static Manager of(String fieldManager, String userAgent, String apiVersion, String subresource) {
    if (!fieldManager.isEmpty()) {
      return new Manager(fieldManager, apiVersion, subresource);
    }
    String product = userAgent.split("/", 2)[0].trim();
    return new Manager(product.isEmpty() ? "unknown" : product, apiVersion, subresource);
  }

  /** True when the write owns status fields rather than the rest of the object. */
  public boolean status() {
    return subresource.equals("status");
  }
}
