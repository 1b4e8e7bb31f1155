package dev.podnet.api.validation;

import dev.podnet.api.bgp.BgpConfiguration;
import dev.podnet.api.bgp.BgpConfigurationSpec;
import dev.podnet.api.bgp.BgpPeer;
import dev.podnet.api.bgp.BgpPeerSpec;
import dev.podnet.api.bgp.CalicoSelector;

/**
 * What Calico's API refuses in its BGP kinds, for the fields podnet acts on: AS numbers outside
 * 1..4294967295, a port outside 1..65535, a peer that is neither an address nor a selector (or
 * both), an address without an AS, a peering for one node that also has a node selector, and
 * selectors that do not parse.
 */
final class BgpRules {
  private BgpRules() {}

  static void configuration(BgpConfiguration c, ErrorList errors) {
    BgpConfigurationSpec spec = c.getSpec();
    FieldPath path = FieldPath.of("spec");
    if (spec.asNumber() != null) {
      asn(spec.asNumber(), path.child("asNumber"), errors);
    }
    if (spec.listenPort() != null && (spec.listenPort() < 1 || spec.listenPort() > 65535)) {
      errors.invalid(path.child("listenPort"), spec.listenPort(), "must be between 1 and 65535, inclusive");
    }
  }

  static void peer(BgpPeer p, ErrorList errors) {
    BgpPeerSpec spec = p.getSpec();
    FieldPath path = FieldPath.of("spec");
    boolean hasIp = spec.peerIP() != null && !spec.peerIP().isBlank();
    boolean hasSelector = spec.peerSelector() != null && !spec.peerSelector().isBlank();
    if (hasIp == hasSelector) {
      errors.invalid(path.child("peerIP"), spec.peerIP(), "set exactly one of peerIP (with asNumber) and peerSelector");
    }
    if (hasIp && !PodSpecRules.isIp(spec.peerIP())) {
      errors.invalid(path.child("peerIP"), spec.peerIP(), "must be an IPv4 or IPv6 address (a port is not supported)");
    }
    if (hasIp && spec.asNumber() == null) {
      errors.required(path.child("asNumber"), "the AS of peer " + spec.peerIP());
    }
    if (spec.asNumber() != null) {
      asn(spec.asNumber(), path.child("asNumber"), errors);
    }
    if (spec.node() != null && !spec.node().isBlank() && spec.nodeSelector() != null && !spec.nodeSelector().isBlank()) {
      errors.invalid(path.child("nodeSelector"), spec.nodeSelector(), "set node or nodeSelector, not both");
    }
    selector(spec.nodeSelector(), path.child("nodeSelector"), errors);
    selector(spec.peerSelector(), path.child("peerSelector"), errors);
  }

  private static void asn(long asn, FieldPath path, ErrorList errors) {
    if (asn < 1 || asn > 0xffffffffL) {
      errors.invalid(path, asn, "must be between 1 and 4294967295, inclusive");
    }
  }

  private static void selector(String text, FieldPath path, ErrorList errors) {
    try {
      CalicoSelector.parse(text);
    } catch (IllegalArgumentException e) {
      errors.invalid(path, text, e.getMessage());
    }
  }
}
