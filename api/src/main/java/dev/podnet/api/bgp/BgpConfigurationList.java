package dev.podnet.api.bgp;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.fabric8.kubernetes.api.model.ListMeta;
import java.util.List;

/** The list form of {@link BgpConfiguration}, as the API answers a list request; it describes the lists in OpenAPI. */
@JsonPropertyOrder({"apiVersion", "kind", "metadata", "items"})
public record BgpConfigurationList(String apiVersion, String kind, ListMeta metadata, List<BgpConfiguration> items) {

  public BgpConfigurationList {
    items = items == null ? List.of() : List.copyOf(items);
  }

  public BgpConfigurationList(ListMeta metadata, List<BgpConfiguration> items) {
    this(BgpObject.API_VERSION, "BGPConfigurationList", metadata, items);
  }
}
