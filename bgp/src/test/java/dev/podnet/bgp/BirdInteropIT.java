package dev.podnet.bgp;

import static dev.podnet.bgp.LinkedNamespaces.DAEMON_IP;
import static dev.podnet.bgp.LinkedNamespaces.SPEAKER_IP;
import static dev.podnet.bgp.LinkedNamespaces.SPEAKER_IP6;
import static dev.podnet.bgp.LinkedNamespaces.ip;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.Inet4Address;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** podnet's speaker against BIRD 2 over a veth between two namespaces (eBGP 64512 to 64500). */
class BirdInteropIT {
  static final Prefix POD = Prefix.parse("10.244.1.0/24");
  static final Prefix POD2 = Prefix.parse("10.244.2.0/24");
  static final Prefix POD6 = Prefix.parse("fd00:10:244:1::/64");
  static final Duration WAIT = Duration.ofSeconds(20);

  private LinkedNamespaces ns;
  private Daemon bird;
  private BgpSpeaker speaker;
  private final RecordingListener listener = new RecordingListener();

  @BeforeEach
  void up() throws Exception {
    LinkedNamespaces.requireTool("bird");
    ns = new LinkedNamespaces();
    bird = new Daemon(ns.daemon, "bird");
    bird.write("bird.conf", """
        router id %1$s;
        log "%2$s/bird.log" all;
        protocol device { }
        protocol static s4 { ipv4; route 192.0.2.0/24 unreachable; }
        protocol static s6 { ipv6; route 2001:db8:1::/48 unreachable; }
        protocol bgp podnet {
          local %1$s as 64500;
          neighbor %3$s as 64512;
          hold time 9;
          connect retry time 1;
          graceful restart aware;
          ipv4 { import all; export all; };
          ipv6 { import all; export all; next hop address fd77::2; };
        }
        """.formatted(DAEMON_IP, bird.dir, SPEAKER_IP));
    bird.start("bird", "-f", "-c", bird.dir.resolve("bird.conf").toString(), "-s", bird.dir.resolve("bird.ctl").toString());
  }

  private BgpSpeaker startSpeaker(boolean restarting) {
    SpeakerConfig c = SpeakerConfig.of((Inet4Address) ip(SPEAKER_IP), 64512).listenOn(ip(SPEAKER_IP), SpeakerConfig.PORT)
        .socketsIn(r -> ns.speakerThread.submit(() -> {
          r.run();
          return null;
        })).restart(120, restarting);
    BgpSpeaker s = BgpSpeaker.start(c, listener);
    s.addPeer(PeerConfig.of(ip(DAEMON_IP), 64500).timers(9, 1));
    return s;
  }

  private String birdc(String command) {
    return bird.cli("birdc", "-s", bird.dir.resolve("bird.ctl").toString(), command);
  }

  private String awaitBird(List<String> expected, String command) {
    return bird.awaitOutput(WAIT, expected, "birdc", "-s", bird.dir.resolve("bird.ctl").toString(), command);
  }

  /** BIRD's count of UPDATEs it exported on the session, summed over both channels. */
  private long birdExportUpdates() {
    var m = java.util.regex.Pattern.compile("Export updates:\\s+(\\d+)").matcher(birdc("show protocols all podnet"));
    long sum = 0;
    while (m.find()) {
      sum += Long.parseLong(m.group(1));
    }
    return sum;
  }

  @AfterEach
  void down() throws Exception {
    Teardown.inOrder(speaker, bird, ns);
  }

  @Test
  void sessionEstablishesAndRoutesFlowBothWaysInBothFamilies() {
    speaker = startSpeaker(false);
    speaker.originate(POD, ip(SPEAKER_IP), PathAttributes.local());
    speaker.originate(POD6, ip(SPEAKER_IP6), PathAttributes.local());
    awaitBird(List.of("Established"), "show protocols podnet");
    String routes = awaitBird(List.of("10.244.1.0/24", "fd00:10:244:1::/64", "AS64512i"), "show route protocol podnet all");
    assertThat(routes).contains("via 10.77.0.1").contains("via fd77::1");
    Await.until("podnet learns BIRD's static routes", WAIT, () -> listener.routes.containsKey(Prefix.parse("192.0.2.0/24"))
        && listener.routes.containsKey(Prefix.parse("2001:db8:1::/48")));
    Path learned = listener.routes.get(Prefix.parse("192.0.2.0/24"));
    assertThat(learned.nextHop()).isEqualTo(ip(DAEMON_IP));
    assertThat(learned.attributes().asPath()).isEqualTo(AsPath.of(64500));
    assertThat(listener.routes.get(Prefix.parse("2001:db8:1::/48")).nextHop()).isEqualTo(ip("fd77::2"));

    speaker.withdraw(POD);
    bird.awaitOutput(WAIT, List.of("fd00:10:244:1::/64"), "birdc", "-s", bird.dir.resolve("bird.ctl").toString(), "show route protocol podnet");
    Await.until("BIRD drops the withdrawn prefix", WAIT, () -> !birdc("show route protocol podnet").contains("10.244.1.0/24"));
    assertThat(speaker.peers().get(0).state()).isEqualTo(SessionState.ESTABLISHED);
  }

  @Test
  void birdKeepsTheRoutesWhileTheSpeakerRestartsAndDropsWhatItDoesNotSendAgain() throws Exception {
    speaker = startSpeaker(false);
    speaker.originate(POD, ip(SPEAKER_IP), PathAttributes.local());
    speaker.originate(POD2, ip(SPEAKER_IP), PathAttributes.local());
    awaitBird(List.of("10.244.1.0/24", "10.244.2.0/24"), "show route protocol podnet");

    speaker.closeForRestart();
    speaker = null;
    awaitBird(List.of("Active"), "show protocols podnet");
    // the FIN reached BIRD at once: without graceful restart it would have flushed by now
    Thread.sleep(3000);
    String during = birdc("show route protocol podnet");
    assertThat(during).as("BIRD keeps podnet's routes while it is away").contains("10.244.1.0/24").contains("10.244.2.0/24");

    speaker = startSpeaker(true);
    speaker.originate(POD, ip(SPEAKER_IP), PathAttributes.local());
    awaitBird(List.of("Established"), "show protocols podnet");
    Await.until("BIRD drops the prefix the restarted speaker did not send again, after its End-of-RIB", WAIT,
        () -> !birdc("show route protocol podnet").contains("10.244.2.0/24"));
    assertThat(birdc("show route protocol podnet")).contains("10.244.1.0/24");
    Await.until("the restarted speaker converges on BIRD's End-of-RIB", WAIT, () -> listener.converged);
  }

  @Test
  void routeRefreshMakesBirdSendItsTableAgain() {
    speaker = startSpeaker(false);
    Await.until("podnet learns BIRD's routes", WAIT, () -> listener.routes.containsKey(Prefix.parse("192.0.2.0/24"))
        && listener.routes.containsKey(Prefix.parse("2001:db8:1::/48")));
    int before = listener.changes.get();
    long sentBefore = birdExportUpdates();
    speaker.refresh(ip(DAEMON_IP));
    Await.until("BIRD sends its table again", WAIT, () -> birdExportUpdates() >= sentBefore + 2);
    assertThat(speaker.peers().get(0).prefixesReceived()).isEqualTo(2);
    assertThat(listener.changes.get()).isEqualTo(before); // same paths again: nothing changes
  }
}
