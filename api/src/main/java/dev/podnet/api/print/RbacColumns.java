package dev.podnet.api.print;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Roles and ClusterRoles ({@code NAME CREATED AT}: a role has no state worth a column) and their
 * bindings ({@code NAME ROLE AGE}, wide: {@code + USERS GROUPS SERVICEACCOUNTS}), as kubectl prints them.
 */
enum RbacColumns implements Columns {
  ROLE(List.of(Column.NAME, new Column("Created At", "date", "", "CreationTimestamp is a timestamp representing the server time when this "
      + "object was created.", 0))) {
    @Override
    public List<String> cells(JsonNode role, Instant now) {
      return List.of(nameOf(role), role.path("metadata").path("creationTimestamp").asText(""));
    }
  },
  BINDING(List.of(Column.NAME, Column.of("Role", "Role to which this binding refers."), Column.AGE,
      Column.wide("Users", "Users in the binding."), Column.wide("Groups", "Groups in the binding."),
      Column.wide("ServiceAccounts", "ServiceAccounts in the binding."))) {
    @Override
    public List<String> cells(JsonNode binding, Instant now) {
      JsonNode ref = binding.path("roleRef");
      JsonNode subjects = binding.path("subjects");
      return List.of(nameOf(binding), ref.path("kind").asText() + "/" + ref.path("name").asText(), Columns.age(binding, now),
          subjects(subjects, "User"), subjects(subjects, "Group"), subjects(subjects, "ServiceAccount"));
    }
  };

  private final List<Column> columns;

  RbacColumns(List<Column> columns) {
    this.columns = columns;
  }

  @Override
  public List<Column> columns() {
    return columns;
  }

  private static String nameOf(JsonNode o) {
    return o.path("metadata").path("name").asText();
  }

  /** Upstream's SubjectsStrings: service accounts as {@code namespace/name}, joined by ", ". */
  private static String subjects(JsonNode subjects, String kind) {
    List<String> names = new ArrayList<>();
    for (JsonNode s : subjects) {
      if (s.path("kind").asText().equals(kind)) {
        String ns = s.path("namespace").asText("");
        names.add(kind.equals("ServiceAccount") ? ns + "/" + s.path("name").asText() : s.path("name").asText());
      }
    }
    return String.join(", ", names);
  }
}
