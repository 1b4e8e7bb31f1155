package dev.podnet.api.metallb;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.fabric8.kubernetes.api.model.ListMeta;
import java.util.List;

/** The list form of {@link BgpPeer}, as the API answers a list request; it describes the lists in OpenAPI. */
@JsonPropertyOrder({"apiVersion", "kind", "metadata", "items"})
public record BgpPeerList(String apiVersion, String kind, ListMeta metadata, List<BgpPeer> items) {

  public BgpPeerList {
    items = items == null ? List.of() : List.copyOf(items);
  }

  public BgpPeerList(ListMeta metadata, List<BgpPeer> items) {
    this("metallb.io/v1beta2", "BGPPeerList", metadata, items);
  }
}
