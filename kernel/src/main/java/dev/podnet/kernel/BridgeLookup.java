package dev.podnet.kernel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Which bridge port a frame to an IP leaves through: the neighbor entry gives the MAC (and tells
 * when ARP got no answer), the bridge's learned FDB the port that MAC was last seen on.
 */
public final class BridgeLookup {
  private static final ObjectMapper JSON = new ObjectMapper();

  private BridgeLookup() {}

  /** The neighbor's MAC and state ({@code REACHABLE}, {@code FAILED}, ...) and the port, each empty when the kernel has none. */
  public record Result(Optional<String> mac, String state, Optional<String> port) {}

  /** The neighbor entry of {@code ip} on any device: its MAC and state ({@code none} when the kernel has no entry); no port. */
  public static Result neighbor(Netns netns, String dev, String ip) {
    LinkNames.check(dev);
    Optional<String> mac = Optional.empty();
    String state = "none";
    for (JsonNode n : json(netns, "ip", "-j", "neigh", "show", "to", Ip.parse(ip).getHostAddress(), "dev", dev)) {
      if (n.hasNonNull("lladdr")) {
        mac = Optional.of(n.path("lladdr").asText());
      }
      if (n.path("state").isArray() && !n.path("state").isEmpty()) {
        state = n.path("state").get(0).asText();
      }
    }
    return new Result(mac, state, Optional.empty());
  }

  public static Result lookup(Netns netns, String bridge, String ip) {
    Result n = neighbor(netns, bridge, ip);
    Optional<String> mac = n.mac();
    String state = n.state();
    Optional<String> port = Optional.empty();
    if (mac.isPresent()) {
      for (JsonNode e : json(netns, "bridge", "-j", "fdb", "show", "br", bridge)) {
        if (e.path("mac").asText().equalsIgnoreCase(mac.get()) && e.hasNonNull("ifname") && !e.path("ifname").asText().equals(bridge)) {
          port = Optional.of(e.path("ifname").asText());
        }
      }
    }
    return new Result(mac, state, port);
  }

  private static JsonNode json(Netns netns, String... args) {
    List<String> argv = new ArrayList<>(IpKernel.nsenter(netns));
    argv.addAll(List.of(args));
    Exec.Result r = Exec.run(argv, null);
    if (!r.ok()) {
      throw new KernelException(String.join(" ", args), netns, r.stderr());
    }
    try {
      return JSON.readTree(r.stdout().isBlank() ? "[]" : r.stdout());
    } catch (IOException e) {
      throw new KernelException(String.join(" ", args), netns, "unreadable JSON: " + e.getMessage());
    }
  }
}
