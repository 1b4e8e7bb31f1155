package dev.podnet.api.validation;

import dev.podnet.api.metallb.BgpAdvertisement;
import dev.podnet.api.metallb.BgpAdvertisementSpec;
import dev.podnet.api.metallb.BgpPeer;
import dev.podnet.api.metallb.BgpPeerSpec;
import dev.podnet.api.metallb.GoDuration;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What MetalLB's webhook and CRD schema refuse in BGP mode: ASes out of range, a peer address
 * that is not an IP, timers that are not Go durations or that BGP cannot negotiate (a hold time
 * of 1-2 s, a keepalive longer than the hold time), aggregation lengths longer than an address,
 * and communities that are not {@code ASN:VALUE}.
 */
final class MetalLbBgpRules {
  private static final long MAX_ASN = 0xffffffffL;

  private MetalLbBgpRules() {}

  static void peer(BgpPeer peer, ErrorList errors) {
    BgpPeerSpec spec = peer.getSpec();
    FieldPath at = FieldPath.of("spec");
    asn(spec.myASN(), at.child("myASN"), errors);
    asn(spec.peerASN(), at.child("peerASN"), errors);
    if (ErrorList.isBlank(spec.peerAddress())) {
      errors.required(at.child("peerAddress"), "the router's IP address, e.g. 172.18.0.253");
    } else if (!PodSpecRules.isIp(spec.peerAddress())) {
      errors.invalid(at.child("peerAddress"), spec.peerAddress(), "must be an IP address");
    }
    if (!ErrorList.isBlank(spec.sourceAddress()) && !PodSpecRules.isIp(spec.sourceAddress())) {
      errors.invalid(at.child("sourceAddress"), spec.sourceAddress(), "must be an IP address");
    }
    if (!ErrorList.isBlank(spec.routerID()) && !(PodSpecRules.isIp(spec.routerID()) && !spec.routerID().contains(":"))) {
      errors.invalid(at.child("routerID"), spec.routerID(), "must be an IPv4 address");
    }
    if (spec.peerPort() != null && (spec.peerPort() < 1 || spec.peerPort() > 65535)) {
      errors.invalid(at.child("peerPort"), spec.peerPort(), "must be between 1 and 65535");
    }
    timers(spec, at, errors);
    MetalLbRules.selectors(spec.nodeSelectors(), at.child("nodeSelectors"), errors);
  }

  private static void timers(BgpPeerSpec spec, FieldPath at, ErrorList errors) {
    Optional<Duration> hold = duration(spec.holdTime(), at.child("holdTime"), errors);
    Optional<Duration> keepalive = duration(spec.keepaliveTime(), at.child("keepaliveTime"), errors);
    Optional<Duration> connect = duration(spec.connectTime(), at.child("connectTime"), errors);
    hold.filter(h -> !h.isZero() && (h.toMillis() < 3000 || h.toSeconds() > 65535))
        .ifPresent(h -> errors.invalid(at.child("holdTime"), spec.holdTime(), "must be 0 (no keepalives) or between 3s and 65535s (RFC 4271)"));
    Duration effectiveHold = hold.orElse(BgpPeerSpec.DEFAULT_HOLD);
    keepalive.filter(k -> !effectiveHold.isZero() && k.compareTo(effectiveHold) > 0)
        .ifPresent(k -> errors.invalid(at.child("keepaliveTime"), spec.keepaliveTime(), "must be lower than holdTime " + effectiveHold.toSeconds() + "s"));
    connect.filter(c -> c.toMillis() < 1000 || c.toSeconds() > 65535)
        .ifPresent(c -> errors.invalid(at.child("connectTime"), spec.connectTime(), "must be between 1s and 65535s"));
  }

  static void advertisement(BgpAdvertisement adv, ErrorList errors) {
    BgpAdvertisementSpec spec = adv.getSpec();
    FieldPath at = FieldPath.of("spec");
    range(spec.aggregationLength(), 32, at.child("aggregationLength"), errors);
    range(spec.aggregationLengthV6(), 128, at.child("aggregationLengthV6"), errors);
    if (spec.localPref() != null && (spec.localPref() < 0 || spec.localPref() > MAX_ASN)) {
      errors.invalid(at.child("localPref"), spec.localPref(), "must be between 0 and 4294967295");
    }
    for (int i = 0; i < spec.communities().size(); i++) {
      community(spec.communities().get(i), at.child("communities").index(i), errors);
    }
    for (int i = 0; i < spec.ipAddressPools().size(); i++) {
      errors.requiredName(at.child("ipAddressPools").index(i), spec.ipAddressPools().get(i), Names::dnsSubdomain);
    }
    for (int i = 0; i < spec.peers().size(); i++) {
      errors.requiredName(at.child("peers").index(i), spec.peers().get(i), Names::dnsSubdomain);
    }
    MetalLbRules.selectors(spec.ipAddressPoolSelectors(), at.child("ipAddressPoolSelectors"), errors);
    MetalLbRules.selectors(spec.nodeSelectors(), at.child("nodeSelectors"), errors);
  }

  /** Standard communities only: {@code large:} ones and names of Community objects are refused with what to write instead. */
  private static void community(String text, FieldPath at, ErrorList errors) {
    if (ErrorList.isBlank(text)) {
      errors.required(at);
      return;
    }
    if (text.startsWith("large:")) {
      errors.invalid(at, text, "large communities are not supported: use a standard community ASN:VALUE, e.g. 64500:100");
      return;
    }
    String[] p = text.split(":", -1);
    boolean ok = p.length == 2 && List.of(p).stream().allMatch(s -> s.matches("\\d{1,5}") && Integer.parseInt(s) <= 0xffff);
    if (!ok) {
      errors.invalid(at, text, "must be a standard community ASN:VALUE with both halves 0-65535, e.g. 64500:100 "
          + "(podnet serves no Community kind to name one by)");
    }
  }

  private static void asn(Long asn, FieldPath at, ErrorList errors) {
    if (asn == null) {
      errors.required(at, "an AS number 1-4294967295");
    } else if (asn < 1 || asn > MAX_ASN) {
      errors.invalid(at, asn, "must be between 1 and 4294967295");
    }
  }

  private static void range(Integer value, int max, FieldPath at, ErrorList errors) {
    if (value != null && (value < 0 || value > max)) {
      errors.invalid(at, value, "must be between 0 and " + max);
    }
  }

  private static Optional<Duration> duration(String text, FieldPath at, ErrorList errors) {
    if (ErrorList.isBlank(text)) {
      return Optional.empty();
    }
    try {
      return Optional.of(GoDuration.parse(text));
    } catch (IllegalArgumentException e) {
      errors.invalid(at, text, e.getMessage());
      return Optional.empty();
    }
  }
}
