package dev.podnet.api.bgp;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import io.fabric8.kubernetes.api.model.ObjectMeta;

/**
 * Calico's {@code BGPConfiguration} under {@code podnet.dev/v1}: the one named {@code default}
 * sets the cluster's AS and whether nodes form the node-to-node mesh. Without it: AS 64512, mesh
 * on, port 179, as Calico.
 */
// fabric8's KubernetesResource names its own polymorphic deserializer, which knows no podnet kinds
@JsonDeserialize(using = JsonDeserializer.None.class)
@JsonPropertyOrder({"apiVersion", "kind", "metadata", "spec"})
public final class BgpConfiguration extends BgpObject {
  public static final String KIND = "BGPConfiguration";
  /** The only configuration the agents read, as Calico's global one. */
  public static final String DEFAULT = "default";

  private BgpConfigurationSpec spec;

  public BgpConfiguration() {
    super(KIND, null);
  }

  public BgpConfiguration(ObjectMeta metadata, BgpConfigurationSpec spec) {
    super(KIND, metadata);
    this.spec = spec;
  }

  /** Never null: no spec means Calico's defaults. */
  public BgpConfigurationSpec getSpec() {
    return spec == null ? BgpConfigurationSpec.DEFAULTS : spec;
  }

  public void setSpec(BgpConfigurationSpec spec) {
    this.spec = spec;
  }
}
