package dev.podnet.api.metallb;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.fabric8.kubernetes.api.model.ListMeta;
import java.util.List;

/** The list form of {@link BgpAdvertisement}, as the API answers a list request; it describes the lists in OpenAPI. */
@JsonPropertyOrder({"apiVersion", "kind", "metadata", "items"})
public record BgpAdvertisementList(String apiVersion, String kind, ListMeta metadata, List<BgpAdvertisement> items) {

  public BgpAdvertisementList {
    items = items == null ? List.of() : List.copyOf(items);
  }

  public BgpAdvertisementList(ListMeta metadata, List<BgpAdvertisement> items) {
    this("metallb.io/v1beta1", "BGPAdvertisementList", metadata, items);
  }
}
