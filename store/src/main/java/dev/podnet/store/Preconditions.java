package dev.podnet.store;

/**
 * What the stored object must still be for a delete to go ahead: its uid, its resourceVersion, or
 * both; an empty string does not check.
 */
public record Preconditions(String uid, String resourceVersion) {
  public static final Preconditions NONE = new Preconditions("", "");

  public Preconditions {
    uid = uid == null ? "" : uid;
    resourceVersion = resourceVersion == null ? "" : resourceVersion;
  }
}
