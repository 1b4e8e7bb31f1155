package dev.podnet.api.metallb;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.api.model.ObjectMeta;

/**
 * MetalLB's {@code metallb.io/v1beta2 BGPPeer}: a BGP router the selected nodes open a session to, to announce LoadBalancer IPs (BGP mode). Only fields are serialized: fabric8's {@link HasMetadata} defaults (plural, finalizers)
 * are not part of the object.
 */
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY, getterVisibility = JsonAutoDetect.Visibility.NONE,
    isGetterVisibility = JsonAutoDetect.Visibility.NONE, setterVisibility = JsonAutoDetect.Visibility.NONE)
// fabric8's KubernetesResource names its own polymorphic deserializer, which knows no MetalLB kinds
@JsonDeserialize(using = JsonDeserializer.None.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"apiVersion", "kind", "metadata", "spec"})
public final class BgpPeer implements HasMetadata, Namespaced {
  public static final String API_VERSION = "metallb.io/v1beta2";
  public static final String KIND = "BGPPeer";

  private String apiVersion = API_VERSION;
  private String kind = KIND;
  private ObjectMeta metadata;
  private BgpPeerSpec spec;

  public BgpPeer() {}

  public BgpPeer(ObjectMeta metadata, BgpPeerSpec spec) {
    this.metadata = metadata;
    this.spec = spec;
  }

  @Override
  public ObjectMeta getMetadata() {
    return metadata;
  }

  @Override
  public void setMetadata(ObjectMeta metadata) {
    this.metadata = metadata;
  }

  @Override
  public String getKind() {
    return kind;
  }

  @Override
  public String getApiVersion() {
    return apiVersion;
  }

  @Override
  public void setApiVersion(String apiVersion) {
    this.apiVersion = apiVersion;
  }

  /** Never null: an absent spec reads as an empty one. */
  public BgpPeerSpec getSpec() {
    return spec == null ? BgpPeerSpec.EMPTY : spec;
  }

  public void setSpec(BgpPeerSpec spec) {
    this.spec = spec;
  }

  public String name() {
    return metadata == null ? "" : metadata.getName();
  }
}
