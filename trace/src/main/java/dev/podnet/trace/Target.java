package dev.podnet.trace;

import java.util.Map;

/**
 * What the probe is sent to: {@code ip}:{@code port} and how the user named it, with what the
 * API says about the addresses a trace may meet (Service frontends to {@code ns/name:port},
 * pod IPs to {@code ns/name}) so hops can name them.
 */
record Target(String label, String ip, int port, Map<String, String> services, Map<String, String> pods) {
  Target {
    services = Map.copyOf(services);
    pods = Map.copyOf(pods);
  }
}
