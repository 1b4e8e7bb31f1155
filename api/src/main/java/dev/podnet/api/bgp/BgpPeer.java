package dev.podnet.api.bgp;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import io.fabric8.kubernetes.api.model.ObjectMeta;

/**
 * Calico's {@code BGPPeer} under {@code podnet.dev/v1}: which nodes ({@code node}, or
 * {@code nodeSelector}; neither is every node) peer with whom ({@code peerIP} and
 * {@code asNumber}, or the nodes matched by {@code peerSelector}, as route reflectors are chosen).
 */
@JsonDeserialize(using = JsonDeserializer.None.class)
@JsonPropertyOrder({"apiVersion", "kind", "metadata", "spec"})
public final class BgpPeer extends BgpObject {
  public static final String KIND = "BGPPeer";

  private BgpPeerSpec spec;

  public BgpPeer() {
    super(KIND, null);
  }

  public BgpPeer(ObjectMeta metadata, BgpPeerSpec spec) {
    super(KIND, metadata);
    this.spec = spec;
  }

  /** Never null. */
  public BgpPeerSpec getSpec() {
    return spec == null ? BgpPeerSpec.EMPTY : spec;
  }

  public void setSpec(BgpPeerSpec spec) {
    this.spec = spec;
  }
}
