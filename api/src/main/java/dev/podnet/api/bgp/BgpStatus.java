package dev.podnet.api.bgp;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import io.fabric8.kubernetes.api.model.ObjectMeta;

/**
 * One node's BGP sessions, named after the node and written by its agent, in the shape of
 * Calico's {@code CalicoNodeStatus.status.bgp}: what {@code podnet get bgppeers} and
 * {@code podnet describe node} show. Only the agent writes it, and only when a session changes
 * state or its prefix counts move (uptime follows from {@code since}), so writes stay rare.
 */
@JsonDeserialize(using = JsonDeserializer.None.class)
@JsonPropertyOrder({"apiVersion", "kind", "metadata", "status"})
public final class BgpStatus extends BgpObject {
  public static final String KIND = "BGPStatus";

  private BgpSessions status;

  public BgpStatus() {
    super(KIND, null);
  }

  public BgpStatus(ObjectMeta metadata, BgpSessions status) {
    super(KIND, metadata);
    this.status = status;
  }

  /** Never null. */
  public BgpSessions getStatus() {
    return status == null ? BgpSessions.NONE : status;
  }

  public void setStatus(BgpSessions status) {
    this.status = status;
  }
}
