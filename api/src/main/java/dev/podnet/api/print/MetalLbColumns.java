package dev.podnet.api.print;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;

/**
 * MetalLB's CRD printer columns: a pool's {@code AUTO ASSIGN AVOID BUGGY IPS ADDRESSES} (and, wide,
 * its status counts), an L2Advertisement's pools, selectors and interfaces, a BGPPeer's address,
 * AS, BFD profile and multi-hop, a BGPAdvertisement's pools, selectors and peers. The API server prints
 * a CRD column's JSONPath value as JSON, so lists show as {@code ["a","b"]} and unset fields empty.
 */
enum MetalLbColumns implements Columns {
  POOL(List.of(Column.NAME,
      Column.of("Auto Assign", ".spec.autoAssign"),
      Column.of("Avoid Buggy IPs", ".spec.avoidBuggyIPs"),
      Column.of("Addresses", ".spec.addresses"),
      Column.AGE,
      Column.wide("Assigned", "Addresses assigned to Services (IPv4+IPv6)."),
      Column.wide("Available", "Addresses left (IPv4+IPv6)."))),
  L2(List.of(Column.NAME,
      Column.of("IPAddressPools", ".spec.ipAddressPools"),
      Column.of("IPAddressPool Selectors", ".spec.ipAddressPoolSelectors"),
      Column.of("Interfaces", ".spec.interfaces"),
      Column.AGE,
      Column.wide("Node Selectors", ".spec.nodeSelectors"))),
  BGP_PEER(List.of(Column.NAME,
      Column.of("Address", ".spec.peerAddress"),
      Column.of("ASN", ".spec.peerASN"),
      Column.of("BFD Profile", ".spec.bfdProfile"),
      Column.of("Multi Hops", ".spec.ebgpMultiHop"),
      Column.AGE)),
  BGP_ADVERTISEMENT(List.of(Column.NAME,
      Column.of("IPAddressPools", ".spec.ipAddressPools"),
      Column.of("IPAddressPool Selectors", ".spec.ipAddressPoolSelectors"),
      Column.of("Peers", ".spec.peers"),
      Column.AGE,
      Column.wide("Node Selectors", ".spec.nodeSelectors")));

  private final List<Column> columns;

  MetalLbColumns(List<Column> columns) {
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
    if (this == POOL) {
      // autoAssign has a CRD default of true, which the API server fills in; podnet leaves it unset
      String auto = spec.has("autoAssign") ? spec.path("autoAssign").asText() : "true";
      String buggy = spec.has("avoidBuggyIPs") ? spec.path("avoidBuggyIPs").asText() : "false";
      JsonNode st = o.path("status");
      return List.of(name, auto, buggy, json(spec.path("addresses")), Columns.age(o, now),
          count(st.path("assignedIPv4"), st.path("assignedIPv6")), count(st.path("availableIPv4"), st.path("availableIPv6")));
    }
    return switch (this) {
      case BGP_PEER -> List.of(name, text(spec.path("peerAddress")), text(spec.path("peerASN")), text(spec.path("bfdProfile")),
          text(spec.path("ebgpMultiHop")), Columns.age(o, now));
      case BGP_ADVERTISEMENT -> List.of(name, json(spec.path("ipAddressPools")), json(spec.path("ipAddressPoolSelectors")), json(spec.path("peers")),
          Columns.age(o, now), json(spec.path("nodeSelectors")));
      default -> List.of(name, json(spec.path("ipAddressPools")), json(spec.path("ipAddressPoolSelectors")), json(spec.path("interfaces")),
          Columns.age(o, now), json(spec.path("nodeSelectors")));
    };
  }

  private static String json(JsonNode value) {
    return value.isMissingNode() || value.isNull() ? "" : value.toString();
  }

  private static String text(JsonNode value) {
    return value.isMissingNode() || value.isNull() ? "" : value.asText();
  }

  private static String count(JsonNode v4, JsonNode v6) {
    return v4.isMissingNode() && v6.isMissingNode() ? "<unknown>" : Long.toString(v4.asLong() + v6.asLong());
  }
}
