package dev.podnet.agent.routing;

/** The node's link to the node LAN: the device peers are reached through and its MTU. */
public record Underlay(String dev, int mtu) {}
