package dev.podnet.api.bgp;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;

/**
 * What podnet's BGP kinds share: {@code podnet.dev/v1}, cluster-scoped as Calico's, and only
 * their fields serialized (fabric8's {@link HasMetadata} defaults such as plural and finalizers
 * are not part of the object).
 */
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY, getterVisibility = JsonAutoDetect.Visibility.NONE,
    isGetterVisibility = JsonAutoDetect.Visibility.NONE, setterVisibility = JsonAutoDetect.Visibility.NONE)
@JsonInclude(JsonInclude.Include.NON_NULL)
public abstract sealed class BgpObject implements HasMetadata permits BgpConfiguration, BgpPeer, BgpStatus {
  public static final String API_VERSION = "podnet.dev/v1";

  private String apiVersion = API_VERSION;
  private String kind;
  private ObjectMeta metadata;

  BgpObject(String kind, ObjectMeta metadata) {
    this.kind = kind;
    this.metadata = metadata;
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

  public String name() {
    return metadata == null || metadata.getName() == null ? "" : metadata.getName();
  }
}
