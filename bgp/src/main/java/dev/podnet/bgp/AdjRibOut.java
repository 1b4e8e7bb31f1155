package dev.podnet.bgp;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What one peer has been sent. Export applies the speaker's rules, then the peer's policy; only
 * differences go on the wire, packed into as few UPDATEs as the attributes allow.
 */
final class AdjRibOut {
  record Sent(PathAttributes attributes, InetAddress nextHop) {}

  private final Peer peer;
  private final SpeakerCore core;
  private final Map<Prefix, Sent> sent = new HashMap<>();
  private Connection session;

  AdjRibOut(Peer peer, SpeakerCore core) {
    this.peer = peer;
    this.core = core;
  }

  void sessionUp(Connection c) {
    session = c;
    sent.clear();
    advertise(core.rib.bests().stream().map(Path::prefix).toList());
    // RFC 4724 2: End-of-RIB after the initial table, for every family, GR or not
    c.negotiated.families().forEach(f -> c.channel.write(Message.Update.endOfRib(f), c.channel.voidPromise()));
    c.channel.flush();
  }

  void sessionDown() {
    session = null;
    sent.clear();
  }

  void advertise(Collection<Prefix> changed) {
    if (session == null) {
      return;
    }
    List<Prefix> withdraw = new ArrayList<>();
    Map<Sent, List<Prefix>> announce = new LinkedHashMap<>();
    for (Prefix p : changed) {
      Optional<Sent> want = core.rib.best(p).flatMap(this::export);
      Sent had = want.isPresent() ? sent.put(p, want.get()) : sent.remove(p);
      if (want.isEmpty() && had != null) {
        withdraw.add(p);
      } else if (want.isPresent() && !Objects.equals(had, want.get())) {
        announce.computeIfAbsent(want.get(), s -> new ArrayList<>()).add(p);
      }
    }
    send(withdraw, announce);
  }

  /** Sends everything of {@code f} again: the answer to a ROUTE-REFRESH (RFC 2918 4). */
  void resend(Family f) {
    Map<Sent, List<Prefix>> announce = new LinkedHashMap<>();
    sent.forEach((p, s) -> {
      if (p.family() == f) {
        announce.computeIfAbsent(s, k -> new ArrayList<>()).add(p);
      }
    });
    send(List.of(), announce);
  }

  private void send(List<Prefix> withdraw, Map<Sent, List<Prefix>> announce) {
    if (withdraw.isEmpty() && announce.isEmpty()) {
      return;
    }
    WireOptions wire = session.negotiated.wire();
    List<Message.Update> updates = new ArrayList<>();
    if (!withdraw.isEmpty()) {
      updates.addAll(UpdateEncoder.split(Message.Update.withdraw(withdraw), wire));
    }
    announce.forEach((s, prefixes) -> {
      Map<Family, InetAddress> nh = new EnumMap<>(Family.class);
      nh.put(Family.of(s.nextHop()), s.nextHop());
      updates.addAll(UpdateEncoder.split(Message.Update.announce(prefixes, s.attributes(), nh), wire));
    });
    updates.forEach(u -> session.channel.write(u, session.channel.voidPromise()));
    session.channel.flush();
  }

  /** The speaker's export rules (RFC 4271 5, 9.1.3), then the peer's policy. */
  private Optional<Sent> export(Path best) {
    Prefix p = best.prefix();
    if (best.source().peer().equals(Optional.of(peer.config.address())) || !session.negotiated.families().contains(p.family())) {
      return Optional.empty();
    }
    PathAttributes a = best.attributes();
    if (!peer.external() && !best.source().local() && !best.source().external()) {
      // iBGP split horizon, unless this speaker reflects: from a client to all, to clients from all
      if (!peer.config.reflectorClient() && !fromClient(best)) {
        return Optional.empty();
      }
      a = Reflection.reflect(a, best.source(), core.clusterId);
    }
    InetAddress nh = best.nextHop();
    if (peer.external()) {
      a = Reflection.strip(a).withAsPath(a.asPath().prepend(core.config.asn())).withLocalPref(OptionalLong.empty());
      a = best.source().local() ? a : a.withMed(OptionalLong.empty());
      InetAddress self = session.local().getAddress();
      nh = Family.of(self) == p.family() ? self : nh;
    } else {
      a = a.withLocalPref(OptionalLong.of(a.effectiveLocalPref()));
    }
    if (Family.of(nh) != p.family()) {
      return Optional.empty();
    }
    InetAddress nextHop = nh;
    return peer.config.export().export(best, a).map(out -> new Sent(out, nextHop));
  }

  private boolean fromClient(Path best) {
    return best.source().peer().map(core.peers::get).map(p -> p.config.reflectorClient()).orElse(false);
  }

  int size() {
    return sent.size();
  }
}
