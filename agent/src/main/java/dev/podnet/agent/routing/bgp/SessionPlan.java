package dev.podnet.agent.routing.bgp;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.Map;
import java.util.Optional;

/** What the speaker should be: its AS and port, its reflection cluster, and its sessions by peer address. */
record SessionPlan(long asn, int port, Optional<Inet4Address> clusterId, Map<InetAddress, Session> sessions) {
  SessionPlan {
    sessions = Map.copyOf(sessions);
  }
}
