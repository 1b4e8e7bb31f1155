package dev.podnet.api.metallb;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.fabric8.kubernetes.api.model.ListMeta;
import java.util.List;

/** The list form of {@link IpAddressPool}, as the API answers a list request; it describes the lists in OpenAPI. */
@JsonPropertyOrder({"apiVersion", "kind", "metadata", "items"})
public record IpAddressPoolList(String apiVersion, String kind, ListMeta metadata, List<IpAddressPool> items) {

  public IpAddressPoolList {
    items = items == null ? List.of() : List.copyOf(items);
  }

  public IpAddressPoolList(ListMeta metadata, List<IpAddressPool> items) {
    this("metallb.io/v1beta1", "IPAddressPoolList", metadata, items);
  }
}
