package dev.podnet.kernel;

import java.util.Optional;

/**
 * A link as the kernel reports it. {@code kind} is the rtnetlink kind ("veth", "bridge", "vxlan",
 * "" for a plain device); {@code master} the bridge it is enslaved to.
 */
public record Link(String name, String kind, int mtu, boolean up, Optional<String> master, Optional<MacAddress> mac,
    boolean hairpin) {}
