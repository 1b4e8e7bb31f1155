package dev.podnet.api.metallb;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.fabric8.kubernetes.api.model.ListMeta;
import java.util.List;

/** The list form of {@link L2Advertisement}, as the API answers a list request; it describes the lists in OpenAPI. */
@JsonPropertyOrder({"apiVersion", "kind", "metadata", "items"})
public record L2AdvertisementList(String apiVersion, String kind, ListMeta metadata, List<L2Advertisement> items) {

  public L2AdvertisementList {
    items = items == null ? List.of() : List.copyOf(items);
  }

  public L2AdvertisementList(ListMeta metadata, List<L2Advertisement> items) {
    this("metallb.io/v1beta1", "L2AdvertisementList", metadata, items);
  }
}
