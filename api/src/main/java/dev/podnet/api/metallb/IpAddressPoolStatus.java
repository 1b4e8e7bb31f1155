package dev.podnet.api.metallb;


/** MetalLB's pool status: how many addresses of each family are assigned to Services and how many are left. */
public record IpAddressPoolStatus(long assignedIPv4, long assignedIPv6, long availableIPv4, long availableIPv6) {}
