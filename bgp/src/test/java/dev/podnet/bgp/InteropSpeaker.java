package dev.podnet.bgp;

import static dev.podnet.bgp.LinkedNamespaces.DAEMON_IP;
import static dev.podnet.bgp.LinkedNamespaces.SPEAKER_IP;
import static dev.podnet.bgp.LinkedNamespaces.ip;

import java.net.Inet4Address;

/** podnet's side of an interop test: AS 64512 on 10.77.0.1:179 in the speaker namespace. */
final class InteropSpeaker {
  private InteropSpeaker() {}

  static BgpSpeaker start(LinkedNamespaces ns, long daemonAs, boolean restarting, RouteListener listener) {
    SpeakerConfig c = SpeakerConfig.of((Inet4Address) ip(SPEAKER_IP), 64512).listenOn(ip(SPEAKER_IP), SpeakerConfig.PORT)
        .socketsIn(r -> ns.speakerThread.submit(() -> {
          r.run();
          return null;
        })).restart(120, restarting);
    BgpSpeaker s = BgpSpeaker.start(c, listener);
    s.addPeer(PeerConfig.of(ip(DAEMON_IP), daemonAs).timers(9, 1));
    return s;
  }
}
