package dev.podnet.bgp;

import static dev.podnet.bgp.LinkedNamespaces.DAEMON_IP;
import static dev.podnet.bgp.LinkedNamespaces.SPEAKER_IP;
import static dev.podnet.bgp.LinkedNamespaces.ip;
import static org.assertj.core.api.Assertions.assertThat;

import dev.podnet.kernel.NetnsExecutor;
import java.net.InetSocketAddress;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Malformed UPDATEs injected as raw bytes from the daemon namespace over the veth (none of the
 * daemons' CLIs can be made to send broken attributes), answered as RFC 4271 and 7606 say.
 */
class MalformedUpdateIT {
  static final Duration WAIT = Duration.ofSeconds(20);
  private LinkedNamespaces ns;
  private NetnsExecutor daemonThread;
  private BgpSpeaker speaker;
  private final RecordingListener listener = new RecordingListener();

  @BeforeEach
  void up() {
    ns = new LinkedNamespaces();
    daemonThread = new NetnsExecutor(ns.daemon, 1);
    speaker = InteropSpeaker.start(ns, 64520, false, listener);
  }

  @AfterEach
  void down() {
    try {
      speaker.close();
      daemonThread.close();
    } finally {
      ns.close();
    }
  }

  private RawPeer rawPeer() {
    return daemonThread.call(() -> new RawPeer(ip(DAEMON_IP), new InetSocketAddress(ip(SPEAKER_IP), SpeakerConfig.PORT)));
  }

  private static String update(String attributes) {
    return Wire.update("", attributes, UpdateErrorTest.NLRI);
  }

  static final String EBGP_PATH = "400206" + "0201" + "0000fdf8"; // AS_PATH 64520

  @Test
  void treatAsWithdrawKeepsTheSessionAndAWellKnownUnknownEndsIt() throws Exception {
    try (RawPeer p = rawPeer()) {
      p.establish(64520, 90);
      p.send(update(UpdateErrorTest.ORIGIN + EBGP_PATH + "400304" + "0a4d0002"));
      Await.until("the route is learned over the veth", WAIT, () -> listener.routes.containsKey(UpdateErrorTest.P));

      p.send(update(UpdateErrorTest.ORIGIN + EBGP_PATH + "400304" + "0a4d0002" + "c00803" + "000102"));
      Await.until("malformed COMMUNITIES withdraws the route", WAIT, () -> !listener.routes.containsKey(UpdateErrorTest.P));
      assertThat(speaker.peers().get(0).state()).isEqualTo(SessionState.ESTABLISHED);

      p.send(update(UpdateErrorTest.ORIGIN + EBGP_PATH + "400304" + "0a4d0002" + "4063020000"));
      Message.Notification n = p.expect(Message.Notification.class);
      assertThat(n.code()).isEqualTo(3);
      assertThat(n.subcode()).isEqualTo(2);
      assertThat(p.closedByPeer()).isTrue();
    }
  }

  @Test
  void pathWithPodnetsOwnAsIsALoopAndIsNotInstalled() throws Exception {
    try (RawPeer p = rawPeer()) {
      p.establish(64520, 90);
      p.send(update(UpdateErrorTest.ORIGIN + "40020a" + "0202" + "0000fdf8" + "0000fc00" + "400304" + "0a4d0002"));
      p.send(Wire.update("", UpdateErrorTest.ORIGIN + EBGP_PATH + "400304" + "0a4d0002", "180a0909"));
      Await.until("the loop-free route arrives", WAIT, () -> listener.routes.containsKey(Prefix.parse("10.9.9.0/24")));
      assertThat(listener.routes).doesNotContainKey(UpdateErrorTest.P);
    }
  }

  @Test
  void lengthBelowTheHeaderIsABadMessageLength() throws Exception {
    try (RawPeer p = rawPeer()) {
      p.establish(64520, 90);
      p.send(Wire.MARKER + "0010" + "02");
      Message.Notification n = p.expect(Message.Notification.class);
      assertThat(n.code()).isEqualTo(1);
      assertThat(n.subcode()).isEqualTo(2);
    }
  }
}
