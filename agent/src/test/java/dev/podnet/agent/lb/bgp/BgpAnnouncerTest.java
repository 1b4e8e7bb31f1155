package dev.podnet.agent.lb.bgp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.podnet.api.EventRecorder;
import dev.podnet.api.Json;
import dev.podnet.api.metallb.BgpAdvertisement;
import dev.podnet.api.metallb.BgpPeer;
import dev.podnet.api.metallb.IpAddressPool;
import dev.podnet.bgp.BgpSpeaker;
import dev.podnet.bgp.Path;
import dev.podnet.bgp.PeerConfig;
import dev.podnet.bgp.Prefix;
import dev.podnet.bgp.RouteListener;
import dev.podnet.bgp.SessionState;
import dev.podnet.bgp.SpeakerConfig;
import dev.podnet.kernel.Netns;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The announcer against a real speaker playing the router, over loopback addresses (no root): what the router learns is what it asserts. */
class BgpAnnouncerTest {
  private static final Prefix IP = Prefix.parse("10.250.0.7/32");
  private final Map<Prefix, Path> learned = new ConcurrentHashMap<>();
  private BgpSpeaker router;
  private BgpAnnouncer announcer;

  @AfterEach
  void close() {
    if (announcer != null) {
      announcer.close();
    }
    if (router != null) {
      router.close();
    }
  }

  private static Inet4Address v4(String s) throws Exception {
    return (Inet4Address) InetAddress.getByName(s);
  }

  private static void await(String what, BooleanSupplier done) throws InterruptedException {
    long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (!done.getAsBoolean()) {
      assertThat(System.nanoTime()).as(what).isLessThan(end);
      Thread.sleep(50);
    }
  }

  private static Service lb(String ip) {
    return new ServiceBuilder().withNewMetadata().withNamespace("default").withName("web").endMetadata().withNewSpec().withType("LoadBalancer")
        .endSpec().withNewStatus().withNewLoadBalancer().addNewIngress().withIp(ip).endIngress().endLoadBalancer().endStatus().build();
  }

  @Test
  void theRouterLearnsTheLbIpFromTheNodeAndLosesItWithTheServiceAndTheSessionWithThePeer() throws Exception {
    RouteListener listener = (prefix, best) -> best.ifPresentOrElse(p -> learned.put(prefix, p), () -> learned.remove(prefix));
    router = BgpSpeaker.start(SpeakerConfig.of(v4("127.0.31.2"), 64500).listenOn(v4("127.0.31.2"), 0), listener);
    router.addPeer(PeerConfig.of(v4("127.0.0.1"), 64512).passive(true).timers(9, 1));
    int port = router.listenAddress().orElseThrow().getPort();

    announcer = new BgpAnnouncer(new BgpAnnouncer.Wiring("node-1", new Netns.Host(), v4("127.0.31.1"), EventRecorder.NONE));
    announcer.onUpdated(new NodeBuilder().withNewMetadata().withName("node-1").endMetadata().build());
    announcer.onUpdated(Json.read("""
        {"apiVersion":"metallb.io/v1beta1","kind":"IPAddressPool","metadata":{"name":"bgp","namespace":"metallb-system"},
         "spec":{"addresses":["10.250.0.0/24"]}}""", IpAddressPool.class));
    announcer.onUpdated(Json.read("""
        {"apiVersion":"metallb.io/v1beta1","kind":"BGPAdvertisement","metadata":{"name":"bgp","namespace":"metallb-system"},
         "spec":{"communities":["64500:7"]}}""", BgpAdvertisement.class));
    BgpPeer peer = Json.read("""
        {"apiVersion":"metallb.io/v1beta2","kind":"BGPPeer","metadata":{"name":"router","namespace":"metallb-system"},
         "spec":{"myASN":64512,"peerASN":64500,"peerAddress":"127.0.31.2","peerPort":%d,"holdTime":"9s","connectTime":"1s"}}"""
        .formatted(port), BgpPeer.class);
    announcer.onUpdated(peer);
    announcer.onUpdated(lb("10.250.0.7"));
    announcer.start();
    announcer.markSynced();

    await("the router learns " + IP, () -> learned.containsKey(IP));
    // eBGP: the next hop is the node's end of the session (next hop self), the node's LAN address in the lab
    assertThat(learned.get(IP).nextHop()).isEqualTo(router.peers().get(0).address());
    assertThat(learned.get(IP).attributes().communities()).extracting(Object::toString).containsExactly("64500:7");
    assertThat(announcer.sessions()).singleElement().extracting(s -> s.state()).isEqualTo(SessionState.ESTABLISHED);

    announcer.onUpdated(lb("10.250.0.8"));
    await("the old IP withdrawn, the new one announced", () -> !learned.containsKey(IP) && learned.containsKey(Prefix.parse("10.250.0.8/32")));

    announcer.onDeleted(peer);
    await("the session ends with the BGPPeer", () -> learned.isEmpty() && announcer.sessions().isEmpty());
    assertThat(router.peers().get(0).state()).isNotEqualTo(SessionState.ESTABLISHED);
    assertThat(Optional.ofNullable(learned.get(IP))).isEmpty();
  }
}
