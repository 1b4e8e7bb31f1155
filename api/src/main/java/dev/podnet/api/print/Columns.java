package dev.podnet.api.print;

import com.fasterxml.jackson.databind.JsonNode;
import dev.podnet.api.ResourceType;
import dev.podnet.api.Resources;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The columns {@code get} prints for one kind, as kubectl prints them. podnetd answers
 * {@code as=Table} requests from the same definitions the podnet CLI prints with, so both show
 * the same table.
 */
public interface Columns {

  /** Every column, wide ones included, in order. */
  List<Column> columns();

  /** One cell per column of {@link #columns()}. */
  List<String> cells(JsonNode object, Instant now);

  default List<String> headers(boolean wide) {
    return columns().stream().filter(c -> wide || !c.isWide()).map(Column::header).toList();
  }

  default List<String> cells(JsonNode object, Instant now, boolean wide) {
    List<Column> columns = columns();
    List<String> all = cells(object, now);
    List<String> shown = new ArrayList<>();
    for (int i = 0; i < columns.size(); i++) {
      if (wide || !columns.get(i).isWide()) {
        shown.add(all.get(i));
      }
    }
    return shown;
  }

  Map<ResourceType, Columns> BY_TYPE = Map.ofEntries(
      Map.entry(Resources.PODS, new PodColumns()),
      Map.entry(Resources.DEPLOYMENTS, new DeploymentColumns()),
      Map.entry(Resources.REPLICASETS, new ReplicaSetColumns()),
      Map.entry(Resources.NODES, new NodeColumns()),
      Map.entry(Resources.NAMESPACES, new NamespaceColumns()),
      Map.entry(Resources.SERVICES, new ServiceColumns()),
      Map.entry(Resources.ENDPOINTSLICES, new EndpointSliceColumns()),
      Map.entry(Resources.CONFIGMAPS, ConfigColumns.CONFIG_MAP),
      Map.entry(Resources.SECRETS, ConfigColumns.SECRET),
      Map.entry(Resources.SERVICEACCOUNTS, ConfigColumns.SERVICE_ACCOUNT),
      Map.entry(Resources.EVENTS, new EventColumns()),
      Map.entry(Resources.LEASES, new LeaseColumns()),
      Map.entry(Resources.DAEMONSETS, new DaemonSetColumns()),
      Map.entry(Resources.CLUSTERROLES, RbacColumns.ROLE),
      Map.entry(Resources.ROLES, RbacColumns.ROLE),
      Map.entry(Resources.CLUSTERROLEBINDINGS, RbacColumns.BINDING),
      Map.entry(Resources.ROLEBINDINGS, RbacColumns.BINDING),
      Map.entry(Resources.IPADDRESSPOOLS, MetalLbColumns.POOL),
      Map.entry(Resources.L2ADVERTISEMENTS, MetalLbColumns.L2),
      Map.entry(Resources.METALLB_BGPPEERS, MetalLbColumns.BGP_PEER),
      Map.entry(Resources.BGPADVERTISEMENTS, MetalLbColumns.BGP_ADVERTISEMENT),
      Map.entry(Resources.INGRESSES, new IngressColumns()),
      Map.entry(Resources.INGRESSCLASSES, new IngressClassColumns()),
      Map.entry(Resources.BGPCONFIGURATIONS, BgpColumns.CONFIGURATION),
      Map.entry(Resources.BGPPEERS, BgpColumns.PEER),
      Map.entry(Resources.BGPSTATUSES, BgpColumns.STATUS));

  /** Kinds without columns of their own get NAME and AGE, as the API server's default table. */
  static Columns of(ResourceType type) {
    return BY_TYPE.getOrDefault(type, NameAndAge.INSTANCE);
  }

  /** The text at {@code field}, or {@code fallback} when it is missing or empty. */
  static String text(JsonNode field, String fallback) {
    String s = field.asText("");
    return s.isEmpty() ? fallback : s;
  }

  static String age(JsonNode object, Instant now) {
    return Age.since(object.path("metadata").path("creationTimestamp").asText(""), now);
  }

  /** Upstream's default table convertor, for kinds without printers. */
  enum NameAndAge implements Columns {
    INSTANCE;

    @Override
    public List<Column> columns() {
      return List.of(Column.NAME, Column.AGE);
    }

    @Override
    public List<String> cells(JsonNode object, Instant now) {
      return List.of(object.path("metadata").path("name").asText(), Columns.age(object, now));
    }
  }
}
