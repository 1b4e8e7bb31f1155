package dev.podnet.api.print;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;

/**
 * podnet's BGP kinds: a BGPConfiguration's AS, mesh and port (Calico's defaults shown when
 * unset); a BGPPeer's local side, remote side and AS; a node's BGPStatus as established/total
 * sessions.
 */
enum BgpColumns implements Columns {
  CONFIGURATION(List.of(Column.NAME, Column.of("AS Number", ".spec.asNumber"), Column.of("Mesh", ".spec.nodeToNodeMeshEnabled"),
      Column.of("Port", ".spec.listenPort"), Column.AGE)),
  PEER(List.of(Column.NAME, Column.of("Node", ".spec.node or .spec.nodeSelector (all() when neither)"),
      Column.of("Peer", ".spec.peerIP or .spec.peerSelector"), Column.of("AS Number", ".spec.asNumber (the cluster's for a selector)"),
      Column.AGE)),
  STATUS(List.of(Column.NAME, Column.of("Established", ".status.numberEstablished"), Column.of("Not Established", ".status.numberNotEstablished"),
      Column.AGE));

  private final List<Column> columns;

  BgpColumns(List<Column> columns) {
    this.columns = columns;
  }

  @Override
  public List<Column> columns() {
    return columns;
  }

  @Override
  public List<String> cells(JsonNode o, Instant now) {
    JsonNode spec = o.path("spec");
    String name = o.path("metadata").path("name").asText();
    return switch (this) {
      case CONFIGURATION -> List.of(name, Columns.text(spec.path("asNumber"), "64512"), Columns.text(spec.path("nodeToNodeMeshEnabled"), "true"),
          Columns.text(spec.path("listenPort"), "179"), Columns.age(o, now));
      case PEER -> List.of(name, Columns.text(spec.path("node"), Columns.text(spec.path("nodeSelector"), "all()")),
          Columns.text(spec.path("peerIP"), Columns.text(spec.path("peerSelector"), "<none>")), Columns.text(spec.path("asNumber"), "<cluster>"),
          Columns.age(o, now));
      case STATUS -> List.of(name, Columns.text(o.path("status").path("numberEstablished"), "0"),
          Columns.text(o.path("status").path("numberNotEstablished"), "0"), Columns.age(o, now));
    };
  }
}
