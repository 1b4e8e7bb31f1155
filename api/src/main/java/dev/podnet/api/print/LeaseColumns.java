package dev.podnet.api.print;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;

/** {@code NAME HOLDER AGE}: a node's Lease is held by the node. */
final class LeaseColumns implements Columns {
  private static final List<Column> COLUMNS = List.of(Column.NAME, Column.of("Holder", "The holder of the lease."), Column.AGE);

  @Override
  public List<Column> columns() {
    return COLUMNS;
  }

  @Override
  public List<String> cells(JsonNode lease, Instant now) {
    return List.of(lease.path("metadata").path("name").asText(), lease.path("spec").path("holderIdentity").asText(""), Columns.age(lease, now));
  }
}
