package dev.podnet.bgp;

import java.net.InetAddress;

/**
 * A neighbour: its address and AS (equal to ours makes it iBGP), whether this side only waits
 * for its connection ({@code passive}), the hold time proposed and the connect-retry interval in
 * seconds, what is exported to it, and whether it is this speaker's route-reflector client.
 */
public record PeerConfig(InetAddress address, long asn, int port, boolean passive, Timers timers, ExportPolicy export, boolean reflectorClient) {

  /** RFC 4271 10 suggests 90 s hold and 120 s connect retry; a lab wants failures noticed sooner. */
  public record Timers(int holdTime, int connectRetry) {
    public Timers {
      if (holdTime != 0 && (holdTime < 3 || holdTime > 65535)) {
        throw new IllegalArgumentException("hold time " + holdTime + " s: use 0 or 3..65535");
      }
      if (connectRetry < 1) {
        throw new IllegalArgumentException("connect retry " + connectRetry + " s: use at least 1");
      }
    }

    public static final Timers DEFAULT = new Timers(90, 120);
  }

  public static PeerConfig of(InetAddress address, long asn) {
    return new PeerConfig(address, asn, SpeakerConfig.PORT, false, Timers.DEFAULT, ExportPolicy.ALL, false);
  }

  public PeerConfig passive(boolean p) {
    return new PeerConfig(address, asn, port, p, timers, export, reflectorClient);
  }

  public PeerConfig port(int p) {
    return new PeerConfig(address, asn, p, passive, timers, export, reflectorClient);
  }

  public PeerConfig timers(int holdTime, int connectRetry) {
    return new PeerConfig(address, asn, port, passive, new Timers(holdTime, connectRetry), export, reflectorClient);
  }

  public PeerConfig export(ExportPolicy policy) {
    return new PeerConfig(address, asn, port, passive, timers, policy, reflectorClient);
  }

  /** Makes this speaker a route reflector for the peer (RFC 4456): iBGP paths are passed to and from it. */
  public PeerConfig reflectorClient(boolean client) {
    return new PeerConfig(address, asn, port, passive, timers, export, client);
  }
}
