package dev.podnet.bgp;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Optional;
import java.util.concurrent.Executor;

/**
 * One speaker: its router id and AS, where it listens (empty: it only dials out), where its
 * sockets are opened ({@code socketContext}: a thread in the node's network namespace, since a
 * socket belongs to the namespace of the thread that creates it), and graceful restart: how long
 * helpers keep its routes, and whether it is coming back from a restart with forwarding intact.
 */
public record SpeakerConfig(
    Inet4Address routerId,
    long asn,
    Optional<InetSocketAddress> listen,
    Executor socketContext,
    int restartTime,
    boolean restarting) {

  public static final int PORT = 179;

  public SpeakerConfig {
    if (asn < 1 || asn > 0xffffffffL) {
      throw new IllegalArgumentException("AS " + asn + " out of range 1..4294967295");
    }
    if (restartTime < 0 || restartTime > 4095) {
      throw new IllegalArgumentException("graceful restart time " + restartTime + " s out of range 0..4095");
    }
  }

  /** Dials out only, sockets in this thread's namespace, restart time 120 s. */
  public static SpeakerConfig of(Inet4Address routerId, long asn) {
    return new SpeakerConfig(routerId, asn, Optional.empty(), Runnable::run, 120, false);
  }

  public SpeakerConfig listenOn(InetAddress address, int port) {
    return new SpeakerConfig(routerId, asn, Optional.of(new InetSocketAddress(address, port)), socketContext, restartTime, restarting);
  }

  public SpeakerConfig socketsIn(Executor context) {
    return new SpeakerConfig(routerId, asn, listen, context, restartTime, restarting);
  }

  public SpeakerConfig restart(int seconds, boolean restartingNow) {
    return new SpeakerConfig(routerId, asn, listen, socketContext, seconds, restartingNow);
  }
}
