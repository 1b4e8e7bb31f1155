package dev.podnet.bgp;

import static dev.podnet.bgp.LinkedNamespaces.DAEMON_IP;
import static dev.podnet.bgp.LinkedNamespaces.SPEAKER_IP;
import static dev.podnet.bgp.LinkedNamespaces.SPEAKER_IP6;
import static dev.podnet.bgp.LinkedNamespaces.ip;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** podnet's speaker against gobgpd, driven with the gobgp CLI. eBGP 64512 to a 4-octet AS. */
class GobgpInteropIT {
  static final Duration WAIT = Duration.ofSeconds(30);
  static final long GOBGP_AS = 4200000001L;
  private LinkedNamespaces ns;
  private Daemon gobgp;
  private BgpSpeaker speaker;
  private final RecordingListener listener = new RecordingListener();

  @BeforeEach
  void up() throws Exception {
    LinkedNamespaces.requireTool("gobgpd");
    ns = new LinkedNamespaces();
    gobgp = new Daemon(ns.daemon, "gobgp");
    gobgp.write("gobgpd.toml", """
        [global.config]
          as = %4$d
          router-id = "%1$s"
          port = 179
          local-address-list = ["%1$s"]
        [[neighbors]]
          [neighbors.config]
            neighbor-address = "%2$s"
            peer-as = 64512
          [neighbors.timers.config]
            connect-retry = 1
            hold-time = 9
            keepalive-interval = 3
          [[neighbors.afi-safis]]
            [neighbors.afi-safis.config]
              afi-safi-name = "ipv4-unicast"
          [[neighbors.afi-safis]]
            [neighbors.afi-safis.config]
              afi-safi-name = "ipv6-unicast"
        """.formatted(DAEMON_IP, SPEAKER_IP, 0, GOBGP_AS));
    gobgp.start("gobgpd", "-f", gobgp.dir.resolve("gobgpd.toml").toString(), "--api-hosts", "127.0.0.1:50051", "--pprof-disable", "-p");
  }

  private String gobgp(String... args) {
    List<String> cmd = new java.util.ArrayList<>(List.of("gobgp", "-u", "127.0.0.1", "-p", "50051"));
    cmd.addAll(List.of(args));
    return gobgp.cli(cmd.toArray(String[]::new));
  }

  private String awaitGobgp(List<String> expected, String... args) {
    List<String> cmd = new java.util.ArrayList<>(List.of("gobgp", "-u", "127.0.0.1", "-p", "50051"));
    cmd.addAll(List.of(args));
    return gobgp.awaitOutput(WAIT, expected, cmd.toArray(String[]::new));
  }

  @AfterEach
  void down() throws Exception {
    Teardown.inOrder(speaker, gobgp, ns);
  }

  @Test
  void sessionEstablishesWithAFourOctetAsAndRoutesFlowBothWays() {
    speaker = InteropSpeaker.start(ns, GOBGP_AS, false, listener);
    speaker.originate(Prefix.parse("10.244.1.0/24"), ip(SPEAKER_IP), PathAttributes.local());
    speaker.originate(Prefix.parse("fd00:10:244:1::/64"), ip(SPEAKER_IP6), PathAttributes.local());
    awaitGobgp(List.of("Establ"), "neighbor");
    String v4 = awaitGobgp(List.of("10.244.1.0/24"), "global", "rib", "-a", "ipv4");
    assertThat(v4).contains(SPEAKER_IP).contains("64512");
    awaitGobgp(List.of("fd00:10:244:1::/64", SPEAKER_IP6), "global", "rib", "-a", "ipv6");

    gobgp("global", "rib", "add", "198.51.100.0/24", "-a", "ipv4");
    gobgp("global", "rib", "add", "2001:db8:3::/48", "nexthop", "fd77::2", "-a", "ipv6");
    Await.until("podnet learns gobgp's routes", WAIT, () -> listener.routes.containsKey(Prefix.parse("198.51.100.0/24"))
        && listener.routes.containsKey(Prefix.parse("2001:db8:3::/48")));
    Path p = listener.routes.get(Prefix.parse("198.51.100.0/24"));
    assertThat(p.attributes().asPath()).isEqualTo(AsPath.of(GOBGP_AS));
    assertThat(p.nextHop()).isEqualTo(ip(DAEMON_IP));

    gobgp("global", "rib", "del", "198.51.100.0/24", "-a", "ipv4");
    Await.until("podnet drops the route gobgp withdrew", WAIT, () -> !listener.routes.containsKey(Prefix.parse("198.51.100.0/24")));
  }

  @Test
  void attributesPodnetDoesNotKnowArePassedOnOrDroppedAsTheirFlagsSay() {
    speaker = InteropSpeaker.start(ns, GOBGP_AS, false, listener);
    awaitGobgp(List.of("Establ"), "neighbor");
    gobgp("global", "rib", "add", "203.0.113.0/24", "large-community", "64512:1:2", "aigp", "metric", "10", "-a", "ipv4");
    Await.until("podnet learns the route", WAIT, () -> listener.routes.containsKey(Prefix.parse("203.0.113.0/24")));
    List<RawAttribute> other = listener.routes.get(Prefix.parse("203.0.113.0/24")).attributes().other();
    // LARGE_COMMUNITY (32) is optional transitive: kept, marked Partial; AIGP (26) is optional non-transitive: dropped
    assertThat(other).extracting(RawAttribute::type).containsExactly(32);
    assertThat(other.get(0).flags() & Attr.PARTIAL).isEqualTo(Attr.PARTIAL);
    assertThat(speaker.peers().get(0).state()).isEqualTo(SessionState.ESTABLISHED);
  }
}
