package dev.podnet.agent.routing.bgp;

import java.time.Duration;

/**
 * The node-to-node mesh's settings: AS (64512 as Calico's default), the port, hold time (short in
 * the lab so a dead node's routes go fast), how long peers keep this node's routes while its
 * agent restarts (graceful restart), and how often installed routes are checked for drift.
 */
public record BgpRoutingConfig(long asn, int port, int holdTime, int restartTime, Duration resync) {
  public static final BgpRoutingConfig DEFAULT = new BgpRoutingConfig(64512, 179, 9, 120, Duration.ofSeconds(30));
}
