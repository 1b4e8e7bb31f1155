package dev.podnet.bgp;

import static dev.podnet.bgp.CodecTest.addr;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Speakers talking to each other over loopback addresses (127.0.0.0/8 is all on lo), no root needed. */
class SpeakerTest {
  private final List<BgpSpeaker> started = new ArrayList<>();

  record Node(String ip, long asn, BgpSpeaker speaker, RecordingListener listener) {
    InetAddress address() {
      return addr(ip);
    }

    int port() {
      return speaker.listenAddress().orElseThrow().getPort();
    }

    SessionState stateWith(Node other) {
      return speaker.peers().stream().filter(p -> p.address().equals(other.address())).findFirst().map(PeerStatus::state).orElse(SessionState.IDLE);
    }
  }

  Node node(String ip, long asn, UnaryOperator<SpeakerConfig> tweak) {
    RecordingListener l = new RecordingListener();
    SpeakerConfig c = tweak.apply(SpeakerConfig.of((Inet4Address) addr(ip), asn).listenOn(addr(ip), 0));
    BgpSpeaker s = BgpSpeaker.start(c, l);
    started.add(s);
    return new Node(ip, asn, s, l);
  }

  Node node(String ip, long asn) {
    return node(ip, asn, c -> c);
  }

  static void peer(Node a, Node b) {
    a.speaker().addPeer(PeerConfig.of(b.address(), b.asn()).port(b.port()).timers(9, 1));
    b.speaker().addPeer(PeerConfig.of(a.address(), a.asn()).port(a.port()).timers(9, 1));
    Await.until(a.ip() + " established with " + b.ip(), () -> a.stateWith(b) == SessionState.ESTABLISHED && b.stateWith(a) == SessionState.ESTABLISHED);
  }

  @AfterEach
  void stop() {
    started.forEach(s -> {
      try {
        s.close();
      } catch (RuntimeException e) {
        // already closed by the test
      }
    });
  }

  static final Prefix POD1 = Prefix.parse("10.244.1.0/24");

  @Test
  void ibgpPeersExchangeOriginatedPrefixesWithTheOriginatorAsNextHop() {
    Node a = node("127.0.10.1", 64512);
    Node b = node("127.0.10.2", 64512);
    peer(a, b);
    a.speaker().originate(POD1, a.address(), PathAttributes.local());
    b.speaker().originate(Prefix.parse("fd00:10:244:2::/64"), addr("fd00::2"), PathAttributes.local());
    try {
      Await.until("b learns a's pod CIDR", () -> b.listener().routes.containsKey(POD1));
    } catch (AssertionError e) {
      throw new AssertionError(e.getMessage() + " a: " + a.speaker().peers() + " b: " + b.speaker().peers() + " a routes " + a.speaker().routes(), e);
    }
    Path p = b.listener().routes.get(POD1);
    assertThat(p.nextHop()).isEqualTo(a.address());
    assertThat(p.source().peer()).contains(a.address());
    assertThat(p.attributes().localPref()).hasValue(100);
    Await.until("a learns b's IPv6 CIDR", () -> a.listener().routes.containsKey(Prefix.parse("fd00:10:244:2::/64")));
    assertThat(a.listener().routes.get(Prefix.parse("fd00:10:244:2::/64")).nextHop()).isEqualTo(addr("fd00::2"));
    a.speaker().withdraw(POD1);
    Await.until("b forgets the withdrawn CIDR", () -> !b.listener().routes.containsKey(POD1));
    assertThat(a.speaker().peers().get(0).prefixesReceived()).isEqualTo(1);
  }

  @Test
  void ebgpPrependsItsAsSetsNextHopSelfAndDropsLocalPref() {
    Node a = node("127.0.11.1", 65001);
    Node b = node("127.0.11.2", 4200000000L);
    peer(a, b);
    a.speaker().originate(POD1, addr("10.9.9.9"), PathAttributes.local().withLocalPref(OptionalLong.of(300)));
    Await.until("b learns", () -> b.listener().routes.containsKey(POD1));
    Path p = b.listener().routes.get(POD1);
    assertThat(p.attributes().asPath()).isEqualTo(AsPath.of(65001));
    assertThat(p.nextHop()).isEqualTo(a.address());
    assertThat(p.attributes().localPref()).isEmpty();
    assertThat(p.source().external()).isTrue();
  }

  @Test
  void ibgpLearnedPathsAreNotPassedToOtherIbgpPeers() {
    Node a = node("127.0.12.1", 64512);
    Node b = node("127.0.12.2", 64512);
    Node c = node("127.0.12.3", 64512);
    peer(a, b);
    peer(b, c);
    a.speaker().originate(POD1, a.address(), PathAttributes.local());
    b.speaker().originate(Prefix.parse("10.244.2.0/24"), b.address(), PathAttributes.local());
    Await.until("c learns b's own prefix", () -> c.listener().routes.containsKey(Prefix.parse("10.244.2.0/24")));
    assertThat(b.listener().routes).containsKey(POD1);
    assertThat(c.listener().routes).doesNotContainKey(POD1);
  }

  static void client(Node reflector, Node client) {
    reflector.speaker().addPeer(PeerConfig.of(client.address(), client.asn()).port(client.port()).timers(9, 1).reflectorClient(true));
    client.speaker().addPeer(PeerConfig.of(reflector.address(), reflector.asn()).port(reflector.port()).timers(9, 1));
    Await.until(client.ip() + " established with reflector", () -> reflector.stateWith(client) == SessionState.ESTABLISHED);
  }

  @Test
  void aReflectorPassesClientsPathsOnWithOriginatorAndClusterList() {
    Node rr = node("127.0.18.1", 64512);
    Node a = node("127.0.18.2", 64512);
    Node c = node("127.0.18.3", 64512);
    Node plain = node("127.0.18.4", 64512);
    client(rr, a);
    client(rr, c);
    peer(rr, plain);
    a.speaker().originate(POD1, a.address(), PathAttributes.local());
    plain.speaker().originate(Prefix.parse("10.244.4.0/24"), plain.address(), PathAttributes.local());
    Await.until("c learns a's path through the reflector", () -> c.listener().routes.containsKey(POD1));
    Path p = c.listener().routes.get(POD1);
    assertThat(p.nextHop()).isEqualTo(a.address());
    assertThat(p.attributes().other()).containsExactly(
        new RawAttribute(Attr.OPTIONAL, Attr.ORIGINATOR_ID, a.address().getAddress()),
        new RawAttribute(Attr.OPTIONAL, Attr.CLUSTER_LIST, rr.address().getAddress()));
    Await.until("a non-client gets a client's path", () -> plain.listener().routes.containsKey(POD1));
    Await.until("clients get a non-client's path", () -> a.listener().routes.containsKey(Prefix.parse("10.244.4.0/24")));
  }

  @Test
  void localOnlyExportSendsOnlyWhatThisSpeakerOriginates() {
    Node edge = node("127.0.19.1", 64500);
    Node n1 = node("127.0.19.2", 64512);
    Node n2 = node("127.0.19.3", 64512);
    peer(n1, n2);
    edge.speaker().addPeer(PeerConfig.of(n1.address(), 64512).port(n1.port()).timers(9, 1));
    n1.speaker().addPeer(PeerConfig.of(edge.address(), 64500).port(edge.port()).timers(9, 1).export(ExportPolicy.LOCAL_ONLY));
    Await.until("edge session", () -> edge.stateWith(n1) == SessionState.ESTABLISHED);
    n2.speaker().originate(Prefix.parse("10.244.2.0/24"), n2.address(), PathAttributes.local());
    Await.until("n1 learns n2's CIDR", () -> n1.listener().routes.containsKey(Prefix.parse("10.244.2.0/24")));
    n1.speaker().originate(Prefix.parse("10.250.0.7/32"), n1.address(), PathAttributes.local());
    Await.until("edge learns n1's own prefix", () -> edge.listener().routes.containsKey(Prefix.parse("10.250.0.7/32")));
    assertThat(edge.listener().routes).doesNotContainKey(Prefix.parse("10.244.2.0/24"));
  }

  @Test
  void ceaseWithdrawsEverythingThePeerSent() {
    Node a = node("127.0.13.1", 64512);
    Node b = node("127.0.13.2", 64512);
    peer(a, b);
    b.speaker().originate(POD1, b.address(), PathAttributes.local());
    Await.until("a learns", () -> a.listener().routes.containsKey(POD1));
    b.speaker().close();
    Await.until("a withdraws b's routes at once", () -> !a.listener().routes.containsKey(POD1));
    assertThat(a.speaker().peers().get(0).lastError()).contains("NOTIFICATION 6/");
  }

  @Test
  void helperKeepsARestartingPeersRoutesUntilItsEndOfRib() {
    Node a = node("127.0.14.1", 64512);
    Node b = node("127.0.14.2", 64512);
    peer(a, b);
    b.speaker().originate(POD1, b.address(), PathAttributes.local());
    b.speaker().originate(Prefix.parse("10.244.9.0/24"), b.address(), PathAttributes.local());
    Await.until("a learns", () -> a.listener().routes.size() == 2);
    int port = b.port();
    b.speaker().closeForRestart();
    Await.until("a marks b's paths stale", () -> a.speaker().staleFrom(b.address()) == 2);
    assertThat(a.listener().routes).containsKeys(POD1, Prefix.parse("10.244.9.0/24"));

    RecordingListener l = new RecordingListener();
    SpeakerConfig again = SpeakerConfig.of((Inet4Address) b.address(), 64512).listenOn(b.address(), port).restart(120, true);
    BgpSpeaker back = BgpSpeaker.start(again, l);
    started.add(back);
    back.originate(POD1, b.address(), PathAttributes.local());
    back.addPeer(PeerConfig.of(a.address(), 64512).port(a.port()).timers(9, 1));
    Await.until("a drops only what b did not send again, after b's End-of-RIB",
        () -> a.listener().routes.size() == 1 && a.speaker().staleFrom(b.address()) == 0);
    assertThat(a.listener().routes).containsKey(POD1);
    Await.until("the restarted speaker converges on a's End-of-RIB", () -> l.converged);
  }

  @Test
  void wrongPeerAsIsRefusedWithBadPeerAs() {
    Node a = node("127.0.15.1", 64512);
    Node b = node("127.0.15.2", 64513);
    a.speaker().addPeer(PeerConfig.of(b.address(), 64999).port(b.port()).timers(9, 1));
    b.speaker().addPeer(PeerConfig.of(a.address(), 64512).port(a.port()).timers(9, 1));
    Await.until("a refuses b's OPEN", () -> a.speaker().peers().get(0).lastError().contains("NOTIFICATION 2/2"));
    assertThat(b.speaker().peers().get(0).state()).isNotEqualTo(SessionState.ESTABLISHED);
  }

  @Test
  void preferredPathWinsAndTheListenerFollowsTheBest() {
    Node a = node("127.0.16.1", 64512);
    Node b = node("127.0.16.2", 64512);
    Node c = node("127.0.16.3", 64512);
    peer(a, b);
    peer(a, c);
    b.speaker().originate(POD1, b.address(), PathAttributes.local());
    c.speaker().originate(POD1, c.address(), PathAttributes.local().withLocalPref(OptionalLong.of(200)));
    Await.until("a picks c's higher LOCAL_PREF", () -> a.listener().routes.containsKey(POD1)
        && a.listener().routes.get(POD1).nextHop().equals(c.address()));
    c.speaker().withdraw(POD1);
    Await.until("a falls back to b", () -> a.listener().routes.containsKey(POD1)
        && a.listener().routes.get(POD1).nextHop().equals(b.address()));
  }
}
