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

/** podnet's speaker against FRR's bgpd (no zebra: the table is checked through vtysh). eBGP 64512 to 64501. */
class FrrInteropIT {
  static final Duration WAIT = Duration.ofSeconds(30);
  private LinkedNamespaces ns;
  private Daemon frr;
  private BgpSpeaker speaker;
  private final RecordingListener listener = new RecordingListener();

  @BeforeEach
  void up() throws Exception {
    LinkedNamespaces.requireTool("/usr/lib/frr/bgpd");
    ns = new LinkedNamespaces();
    frr = new Daemon(ns.daemon, "frr");
    frr.write("bgpd.conf", """
        frr defaults traditional
        hostname pnb-frr
        log file %2$s/bgpd.log informational
        !
        router bgp 64501
         bgp router-id %1$s
         no bgp ebgp-requires-policy
         no bgp network import-check
         neighbor %3$s remote-as 64512
         neighbor %3$s timers 3 9
         neighbor %3$s timers connect 1
         address-family ipv4 unicast
          network 192.0.2.0/24
         exit-address-family
         address-family ipv6 unicast
          neighbor %3$s activate
         exit-address-family
        !
        """.formatted(DAEMON_IP, frr.dir, SPEAKER_IP));
    frr.start("/usr/lib/frr/bgpd", "-f", frr.dir.resolve("bgpd.conf").toString(), "-i", frr.dir.resolve("bgpd.pid").toString(),
        "-z", frr.dir.resolve("zserv.api").toString(), "--vty_socket", frr.dir.toString(), "-S", "-Z", "-l", DAEMON_IP, "-u", "root", "-g", "root");
  }

  private String vtysh(String command) {
    return frr.cli("vtysh", "--vty_socket", frr.dir.toString(), "-d", "bgpd", "-c", command);
  }

  private String awaitVtysh(List<String> expected, String command) {
    return frr.awaitOutput(WAIT, expected, "vtysh", "--vty_socket", frr.dir.toString(), "-d", "bgpd", "-c", command);
  }

  @AfterEach
  void down() throws Exception {
    Teardown.inOrder(speaker, frr, ns);
  }

  @Test
  void sessionEstablishesAndRoutesFlowBothWays() {
    speaker = InteropSpeaker.start(ns, 64501, false, listener);
    speaker.originate(Prefix.parse("10.244.1.0/24"), ip(SPEAKER_IP), PathAttributes.local().withCommunities(List.of(Community.parse("64512:7"))));
    speaker.originate(Prefix.parse("fd00:10:244:1::/64"), ip(SPEAKER_IP6), PathAttributes.local());
    awaitVtysh(List.of("BGP state = Established"), "show bgp neighbors " + SPEAKER_IP);
    String v4 = awaitVtysh(List.of("10.244.1.0/24"), "show bgp ipv4 unicast 10.244.1.0/24");
    assertThat(v4).contains("64512").contains(SPEAKER_IP).contains("64512:7");
    awaitVtysh(List.of("fd00:10:244:1::/64", SPEAKER_IP6), "show bgp ipv6 unicast fd00:10:244:1::/64");
    Await.until("podnet learns FRR's network", WAIT, () -> listener.routes.containsKey(Prefix.parse("192.0.2.0/24")));
    Path p = listener.routes.get(Prefix.parse("192.0.2.0/24"));
    assertThat(p.nextHop()).isEqualTo(ip(DAEMON_IP));
    assertThat(p.attributes().asPath()).isEqualTo(AsPath.of(64501));

    speaker.withdraw(Prefix.parse("10.244.1.0/24"));
    Await.until("FRR drops the withdrawn prefix", WAIT, () -> vtysh("show bgp ipv4 unicast").lines().noneMatch(l -> l.contains("10.244.1.0/24")));
  }

  @Test
  void ceaseFromPodnetEndsTheSessionOnFrrAndItsRoutesGo() {
    speaker = InteropSpeaker.start(ns, 64501, false, listener);
    speaker.originate(Prefix.parse("10.244.3.0/24"), ip(SPEAKER_IP), PathAttributes.local());
    awaitVtysh(List.of("10.244.3.0/24"), "show bgp ipv4 unicast");
    speaker.close();
    speaker = null;
    String n = awaitVtysh(List.of("Cease"), "show bgp neighbors " + SPEAKER_IP);
    assertThat(n).containsIgnoringCase("Peer De-configured");
    // FRR logs the Cease first and drops the session's routes a moment later
    Await.until("FRR drops the ceased session's routes", WAIT, () -> !vtysh("show bgp ipv4 unicast").contains("10.244.3.0/24"));
  }
}
