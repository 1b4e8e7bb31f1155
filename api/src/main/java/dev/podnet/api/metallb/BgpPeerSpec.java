package dev.podnet.api.metallb;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.kubernetes.api.model.LabelSelector;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A BGP router to peer with, MetalLB's fields by their names: the ASes of both ends, where the
 * router listens, the timers (Go durations), which nodes open a session ({@code nodeSelectors};
 * none means every node). {@code password}, {@code bfdProfile}, {@code vrf} and
 * {@code enableGracefulRestart} are kept so manifests apply; podnet's speaker has no TCP-MD5, BFD
 * or VRFs, and says so when it reads them.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record BgpPeerSpec(Long myASN, Long peerASN, String peerAddress, String sourceAddress, Integer peerPort, String holdTime,
    String keepaliveTime, String connectTime, String routerID, String password, List<LabelSelector> nodeSelectors, Boolean ebgpMultiHop,
    Boolean enableGracefulRestart, String bfdProfile, String vrf) {
  static final BgpPeerSpec EMPTY = new BgpPeerSpec(null, null, null, null, null, null, null, null, null, null, null, null, null, null, null);
  public static final int DEFAULT_PORT = 179;
  /** MetalLB's defaults, as its CRD documents them. */
  public static final Duration DEFAULT_HOLD = Duration.ofSeconds(90);
  public static final Duration DEFAULT_CONNECT = Duration.ofSeconds(120);

  public BgpPeerSpec {
    nodeSelectors = nodeSelectors == null ? List.of() : List.copyOf(nodeSelectors);
  }

  /** The spec with only what every peer needs: both ASes and the router's address. */
  public static BgpPeerSpec of(long myAsn, long peerAsn, String peerAddress) {
    return new BgpPeerSpec(myAsn, peerAsn, peerAddress, null, null, null, null, null, null, null, null, null, null, null, null);
  }

  public BgpPeerSpec withHoldTime(String hold, String keepalive) {
    return new BgpPeerSpec(myASN, peerASN, peerAddress, sourceAddress, peerPort, hold, keepalive, connectTime, routerID, password, nodeSelectors,
        ebgpMultiHop, enableGracefulRestart, bfdProfile, vrf);
  }

  public BgpPeerSpec withConnectTime(String connect) {
    return new BgpPeerSpec(myASN, peerASN, peerAddress, sourceAddress, peerPort, holdTime, keepaliveTime, connect, routerID, password, nodeSelectors,
        ebgpMultiHop, enableGracefulRestart, bfdProfile, vrf);
  }

  @JsonIgnore
  public int port() {
    return peerPort == null ? DEFAULT_PORT : peerPort;
  }

  /** The hold time proposed in OPEN; throws on a value validation refuses. */
  @JsonIgnore
  public Duration hold() {
    return holdTime == null || holdTime.isEmpty() ? DEFAULT_HOLD : GoDuration.parse(holdTime);
  }

  @JsonIgnore
  public Duration connect() {
    return connectTime == null || connectTime.isEmpty() ? DEFAULT_CONNECT : GoDuration.parse(connectTime);
  }

  @JsonIgnore
  public Optional<String> passwordSet() {
    return Optional.ofNullable(password).filter(p -> !p.isEmpty());
  }
}
