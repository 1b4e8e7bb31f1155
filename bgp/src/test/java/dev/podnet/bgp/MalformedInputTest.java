package dev.podnet.bgp;

import static dev.podnet.bgp.CodecTest.addr;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.Inet4Address;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A live speaker answering a hand-driven peer's bad bytes with the NOTIFICATION the RFCs name. */
class MalformedInputTest {
  static final String US = "127.0.17.1";
  static final String THEM = "127.0.17.9";
  private BgpSpeaker speaker;
  private RecordingListener listener;
  private InetSocketAddress at;

  @BeforeEach
  void start() {
    listener = new RecordingListener();
    speaker = BgpSpeaker.start(SpeakerConfig.of((Inet4Address) addr(US), 64512).listenOn(addr(US), 0), listener);
    at = speaker.listenAddress().orElseThrow();
    speaker.addPeer(PeerConfig.of(addr(THEM), 64512).passive(true).timers(3, 1));
  }

  @AfterEach
  void stop() {
    speaker.close();
  }

  private PeerStatus status() {
    return speaker.peers().get(0);
  }

  @Test
  void unrecognizedWellKnownAttributeEndsTheSessionWith3Slash2() throws Exception {
    try (RawPeer p = new RawPeer(addr(THEM), at)) {
      p.establish(64512, 90);
      p.send(Wire.update("", UpdateErrorTest.ORIGIN + UpdateErrorTest.AS_PATH + UpdateErrorTest.NEXT_HOP + "406302abcd", UpdateErrorTest.NLRI));
      Message.Notification n = p.expect(Message.Notification.class);
      assertThat(n.code()).isEqualTo(3);
      assertThat(n.subcode()).isEqualTo(2);
      assertThat(Wire.hex(n.data())).isEqualTo("406302abcd");
      assertThat(p.closedByPeer()).isTrue();
    }
  }

  @Test
  void malformedOriginWithdrawsAndKeepsTheSession() throws Exception {
    try (RawPeer p = new RawPeer(addr(THEM), at)) {
      p.establish(64512, 90);
      p.announce(UpdateErrorTest.P, addr(THEM));
      Await.until("route learned", () -> listener.routes.containsKey(UpdateErrorTest.P));
      p.send(Wire.update("", "40010107" + UpdateErrorTest.AS_PATH + UpdateErrorTest.NEXT_HOP, UpdateErrorTest.NLRI));
      Await.until("route withdrawn by treat-as-withdraw", () -> !listener.routes.containsKey(UpdateErrorTest.P));
      assertThat(status().state()).isEqualTo(SessionState.ESTABLISHED);
      assertThat(status().lastError()).contains("treat-as-withdraw").contains("ORIGIN");
    }
  }

  @Test
  void badMarkerIsConnectionNotSynchronized() throws Exception {
    try (RawPeer p = new RawPeer(addr(THEM), at)) {
      p.establish(64512, 90);
      p.send("00" + Wire.MARKER.substring(2) + "001304");
      Message.Notification n = p.expect(Message.Notification.class);
      assertThat(n.code()).isEqualTo(1);
      assertThat(n.subcode()).isEqualTo(1);
    }
  }

  @Test
  void updateBeforeKeepaliveIsAnFsmErrorInOpenConfirm() throws Exception {
    try (RawPeer p = new RawPeer(addr(THEM), at)) {
      p.open(64512, 90);
      p.expect(Message.Open.class);
      p.send(Wire.update("", "", ""));
      Message.Notification n = p.expect(Message.Notification.class);
      assertThat(n.code()).isEqualTo(5);
      assertThat(n.subcode()).isEqualTo(2);
    }
  }

  @Test
  void silentPeerIsDroppedWhenTheHoldTimerExpires() throws Exception {
    try (RawPeer p = new RawPeer(addr(THEM), at)) {
      p.establish(64512, 3);
      long t0 = System.nanoTime();
      Message.Notification n = p.expect(Message.Notification.class);
      assertThat(n.code()).isEqualTo(4);
      assertThat((System.nanoTime() - t0) / 1_000_000).isBetween(2000L, 6000L);
    }
  }

  @Test
  void openWithTheWrongAsIsBadPeerAs() throws Exception {
    try (RawPeer p = new RawPeer(addr(THEM), at)) {
      p.open(65000, 90);
      p.expect(Message.Open.class);
      Message.Notification n = p.expect(Message.Notification.class);
      assertThat(n.code()).isEqualTo(2);
      assertThat(n.subcode()).isEqualTo(2);
    }
  }

  @Test
  void aRestartedPeersNewOpenEndsTheOldSessionAndItsUnsentRoutesGoAfterEndOfRib() throws Exception {
    Prefix kept = Prefix.parse("10.244.7.0/24");
    try (RawPeer before = new RawPeer(addr(THEM), at)) {
      before.openRestarting(64512, false);
      before.announce(UpdateErrorTest.P, addr(THEM));
      before.announce(kept, addr(THEM));
      Await.until("both learned", () -> listener.routes.size() == 2);
      // the peer crashed without the old socket closing (power loss); it comes back and says so
      try (RawPeer after = new RawPeer(addr(THEM), at)) {
        after.openRestarting(64512, true);
        Await.until("old session replaced", () -> status().state() == SessionState.ESTABLISHED && speaker.staleFrom(addr(THEM)) == 2);
        assertThat(before.closedByPeer()).isTrue();
        after.announce(kept, addr(THEM));
        after.send(Wire.encode(Message.Update.endOfRib(Family.IPV4_UNICAST)));
        Await.until("End-of-RIB drops what was not sent again", () -> !listener.routes.containsKey(UpdateErrorTest.P));
        assertThat(listener.routes).containsKey(kept);
      }
    }
  }

  @Test
  void aSecondConnectionWithoutTheRestartBitLosesToTheEstablishedSession() throws Exception {
    try (RawPeer first = new RawPeer(addr(THEM), at)) {
      first.openRestarting(64512, false);
      try (RawPeer second = new RawPeer(addr(THEM), at)) {
        second.open(64512, 90);
        second.expect(Message.Open.class);
        Message.Notification n = second.expect(Message.Notification.class);
        assertThat(n.code()).isEqualTo(6);
        assertThat(n.subcode()).isEqualTo(7);
      }
      assertThat(status().state()).isEqualTo(SessionState.ESTABLISHED);
    }
  }

  @Test
  void routeRefreshGetsTheTableAgain() throws Exception {
    speaker.originate(UpdateErrorTest.P, addr(US), PathAttributes.local());
    try (RawPeer p = new RawPeer(addr(THEM), at)) {
      p.establish(64512, 90);
      assertThat(p.expect(Message.Update.class).announced()).containsExactly(UpdateErrorTest.P);
      p.send(Wire.encode(new Message.RouteRefresh(1, 1)));
      assertThat(p.expect(Message.Update.class).announced()).containsExactly(UpdateErrorTest.P);
    }
  }
}
