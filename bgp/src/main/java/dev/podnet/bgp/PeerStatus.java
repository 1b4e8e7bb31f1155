package dev.podnet.bgp;

import java.net.InetAddress;
import java.time.Duration;

/** A session as {@code podnet get bgppeers} shows it. */
public record PeerStatus(
    InetAddress address,
    long asn,
    SessionState state,
    Duration uptime,
    int prefixesReceived,
    int prefixesSent,
    String lastError) {}
