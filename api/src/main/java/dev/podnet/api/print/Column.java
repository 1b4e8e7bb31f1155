package dev.podnet.api.print;

import java.util.Locale;

/**
 * One column of a {@code get} table, as the API server's {@code meta.k8s.io/v1 TableColumnDefinition}
 * declares it. kubectl prints {@code name} upper-cased; {@code priority} 1 columns only with
 * {@code -o wide}.
 *
 * @param type   an OpenAPI type: {@code string}, {@code integer}, {@code date}
 * @param format {@code name} for the column that names the object, else empty
 */
public record Column(String name, String type, String format, String description, int priority) {

  /** The column naming the object; its description is ObjectMeta's of {@code name}, as upstream's. */
  public static final Column NAME = new Column("Name", "string", "name",
      "Name must be unique within a namespace. Is required when creating resources, although some resources may allow a client to request "
          + "the generation of an appropriate name automatically. Name is primarily intended for creation idempotence and configuration "
          + "definition.",
      0);

  public static final Column AGE = of("Age", "CreationTimestamp is a timestamp representing the server time when this object was created.");

  public static Column of(String name, String description) {
    return new Column(name, "string", "", description, 0);
  }

  /** A column shown only with {@code -o wide}. */
  public static Column wide(String name, String description) {
    return new Column(name, "string", "", description, 1);
  }

  /** The header kubectl prints. */
  public String header() {
    return name.toUpperCase(Locale.ROOT);
  }

  public boolean isWide() {
    return priority > 0;
  }
}
