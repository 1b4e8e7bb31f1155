package dev.podnet.cni;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.podnet.kernel.Cidr;
import dev.podnet.kernel.MacAddress;
import java.net.InetAddress;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/** An ADD success result, rendered per spec version (§5 "Result Types"). */
public record CniResult(List<Interface> interfaces, List<IpConfig> ips, List<RouteEntry> routes, Optional<JsonNode> dns) {

  /** {@code sandbox} is the netns path for interfaces inside the container, empty on the host. */
  public record Interface(String name, MacAddress mac, OptionalInt mtu, Optional<String> sandbox) {}

  public record IpConfig(Cidr address, InetAddress gateway, int interfaceIndex) {}

  public record RouteEntry(Cidr dst, InetAddress gw) {}

  /**
   * 1.1.0 adds the interface mtu; before 1.0.0 every ip carries {@code version} "4"/"6". podnet
   * sets none of 1.1.0's route fields, so routes look alike in every version.
   */
  public String toJson(CniVersion v) {
    ObjectNode o = NetworkConfig.JSON.createObjectNode();
    o.put("cniVersion", v.toString());
    ArrayNode ifs = o.putArray("interfaces");
    for (Interface i : interfaces) {
      ObjectNode n = ifs.addObject().put("name", i.name()).put("mac", i.mac().toString());
      if (v.atLeast(CniVersion.V1_1_0)) {
        i.mtu().ifPresent(m -> n.put("mtu", m));
      }
      i.sandbox().ifPresent(s -> n.put("sandbox", s));
    }
    ArrayNode ipa = o.putArray("ips");
    for (IpConfig ip : ips) {
      ObjectNode n = ipa.addObject();
      if (!v.atLeast(CniVersion.V1_0_0)) {
        n.put("version", ip.address().isV4() ? "4" : "6");
      }
      n.put("interface", ip.interfaceIndex()).put("address", ip.address().toString())
          .put("gateway", ip.gateway().getHostAddress());
    }
    ArrayNode ra = o.putArray("routes");
    for (RouteEntry r : routes) {
      ra.addObject().put("dst", r.dst().toString()).put("gw", r.gw().getHostAddress());
    }
    dns.ifPresent(d -> o.set("dns", d));
    return o.toString();
  }
}
