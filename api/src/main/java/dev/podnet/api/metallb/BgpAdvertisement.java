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
 * MetalLB's {@code metallb.io/v1beta1 BGPAdvertisement}: which pools are announced over BGP, how (aggregation, local preference, communities), to which peers and from which nodes. Only fields are serialized: fabric8's {@link HasMetadata} defaults (plural, finalizers)
 * are not part of the object.
 */
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY, getterVisibility = JsonAutoDetect.Visibility.NONE,
    isGetterVisibility = JsonAutoDetect.Visibility.NONE, setterVisibility = JsonAutoDetect.Visibility.NONE)
// fabric8's KubernetesResource names its own polymorphic deserializer, which knows no MetalLB kinds
@JsonDeserialize(using = JsonDeserializer.None.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"apiVersion", "kind", "metadata", "spec"})
public final class BgpAdvertisement implements HasMetadata, Namespaced {
  public static final String API_VERSION = "metallb.io/v1beta1";
  public static final String KIND = "BGPAdvertisement";

  private String apiVersion = API_VERSION;
  private String kind = KIND;
  private ObjectMeta metadata;
  private BgpAdvertisementSpec spec;

  public BgpAdvertisement() {}

  public BgpAdvertisement(ObjectMeta metadata, BgpAdvertisementSpec spec) {
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
  public BgpAdvertisementSpec getSpec() {
    return spec == null ? BgpAdvertisementSpec.EMPTY : spec;
  }

  public void setSpec(BgpAdvertisementSpec spec) {
    this.spec = spec;
  }

  public String name() {
    return metadata == null ? "" : metadata.getName();
  }
}
