package dev.podnet.api.bgp;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.fabric8.kubernetes.api.model.ListMeta;
import java.util.List;

/** The list form of {@link BgpStatus}, as the API answers a list request; it describes the lists in OpenAPI. */
@JsonPropertyOrder({"apiVersion", "kind", "metadata", "items"})
public record BgpStatusList(String apiVersion, String kind, ListMeta metadata, List<BgpStatus> items) {

  public BgpStatusList {
    items = items == null ? List.of() : List.copyOf(items);
  }

  public BgpStatusList(ListMeta metadata, List<BgpStatus> items) {
    this(BgpObject.API_VERSION, "BGPStatusList", metadata, items);
  }
}
