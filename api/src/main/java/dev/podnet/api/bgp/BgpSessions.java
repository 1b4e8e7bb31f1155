package dev.podnet.api.bgp;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** A node's sessions (Calico's {@code peersV4}/{@code peersV6} in one list) and how many are Established. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BgpSessions(Integer numberEstablished, Integer numberNotEstablished, List<BgpSession> peers) {
  static final BgpSessions NONE = new BgpSessions(0, 0, List.of());

  public BgpSessions {
    peers = peers == null ? List.of() : List.copyOf(peers);
  }

  public static BgpSessions of(List<BgpSession> peers) {
    int up = (int) peers.stream().filter(BgpSession::established).count();
    return new BgpSessions(up, peers.size() - up, peers);
  }
}
