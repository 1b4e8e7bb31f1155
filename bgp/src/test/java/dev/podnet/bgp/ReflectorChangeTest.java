package dev.podnet.bgp;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Inet4Address;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Becoming a reflector on a running speaker, as a cluster switching from the mesh to reflectors does. */
class ReflectorChangeTest {
  private final SpeakerTest speakers = new SpeakerTest();

  @AfterEach
  void stop() {
    speakers.stop();
  }

  private static void waitEstablished(SpeakerTest.Node a, SpeakerTest.Node b) {
    Await.until(a.ip() + " established with " + b.ip(), () -> a.stateWith(b) == SessionState.ESTABLISHED);
  }

  @Test
  void makingAPeerAClientKeepsItsSessionAndReflectsItsPathsAtOnce() {
    SpeakerTest.Node rr = speakers.node("127.0.30.1", 64512);
    SpeakerTest.Node a = speakers.node("127.0.30.2", 64512);
    SpeakerTest.Node c = speakers.node("127.0.30.3", 64512);
    SpeakerTest.peer(rr, a);
    SpeakerTest.peer(rr, c);
    a.speaker().originate(SpeakerTest.POD1, a.address(), PathAttributes.local());
    Await.until("rr learns a's path", () -> rr.listener().routes.containsKey(SpeakerTest.POD1));
    assertThat(c.listener().routes).as("iBGP split horizon before reflection").doesNotContainKey(SpeakerTest.POD1);
    int changesBefore = rr.listener().changes.get();

    rr.speaker().addPeer(PeerConfig.of(a.address(), 64512).port(a.port()).timers(9, 1).reflectorClient(true));
    rr.speaker().addPeer(PeerConfig.of(c.address(), 64512).port(c.port()).timers(9, 1).reflectorClient(true));

    Await.until("c learns a's path through the new reflector", () -> c.listener().routes.containsKey(SpeakerTest.POD1));
    waitEstablished(rr, a);
    assertThat(rr.listener().changes.get()).as("the reflector's own best path never flapped").isEqualTo(changesBefore);
    assertThat(rr.speaker().peers()).allSatisfy(p -> assertThat(p.uptime().toMillis()).isPositive());
  }

  @Test
  void aSharedClusterIdIsWhatTheReflectorPutsInTheClusterList() throws Exception {
    SpeakerTest.Node rr = speakers.node("127.0.31.1", 64512);
    SpeakerTest.Node a = speakers.node("127.0.31.2", 64512);
    SpeakerTest.Node c = speakers.node("127.0.31.3", 64512);
    Inet4Address cluster = (Inet4Address) Inet4Address.getByName("244.0.0.1");
    rr.speaker().clusterId(Optional.of(cluster));
    SpeakerTest.client(rr, a);
    SpeakerTest.client(rr, c);
    a.speaker().originate(SpeakerTest.POD1, a.address(), PathAttributes.local());
    Await.until("c learns a's path", () -> c.listener().routes.containsKey(SpeakerTest.POD1));
    assertThat(c.listener().routes.get(SpeakerTest.POD1).attributes().other())
        .contains(new RawAttribute(Attr.OPTIONAL, Attr.CLUSTER_LIST, cluster.getAddress()));
  }
}
