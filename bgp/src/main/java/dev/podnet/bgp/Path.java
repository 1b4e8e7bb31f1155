package dev.podnet.bgp;

import java.net.InetAddress;

/** A path to a prefix: where to forward ({@code nextHop}), its attributes and who sent it. */
public record Path(Prefix prefix, InetAddress nextHop, PathAttributes attributes, PathSource source) {}
