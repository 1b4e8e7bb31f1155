package dev.podnet.kernel;

/** An interface address as the kernel reports it. */
public record Address(String dev, Cidr address) {}
