package dev.podnet.bgp;

import java.util.Arrays;
import java.util.Map;

/** Capabilities advertised in OPEN (RFC 5492); podnet ignores those it does not know, as 5492 asks. */
sealed interface Capability {
  int MULTIPROTOCOL = 1;
  int ROUTE_REFRESH = 2;
  int GRACEFUL_RESTART = 64;
  int FOUR_OCTET_AS = 65;

  /** RFC 4760 8: one AFI/SAFI the speaker will exchange; raw numbers so unknown ones survive decoding. */
  record Multiprotocol(int afi, int safi) implements Capability {
    static Multiprotocol of(Family f) {
      return new Multiprotocol(f.afi(), f.safi());
    }
  }

  record RouteRefresh() implements Capability {}

  record FourOctetAs(long asn) implements Capability {}

  /**
   * RFC 4724 3: {@code restarting} is the R bit (this speaker has just restarted), {@code time}
   * the seconds a helper keeps the routes, and per family whether forwarding state was kept (F).
   */
  record GracefulRestart(boolean restarting, int time, Map<Family, Boolean> forwarding) implements Capability {
    public GracefulRestart {
      forwarding = Map.copyOf(forwarding);
      if (time < 0 || time > 4095) {
        throw new IllegalArgumentException("graceful restart time " + time + " out of range 0..4095 seconds");
      }
    }
  }

  record Unknown(int code, byte[] value) implements Capability {
    @Override
    public boolean equals(Object o) {
      return o instanceof Unknown u && u.code == code && Arrays.equals(u.value, value);
    }

    @Override
    public int hashCode() {
      return code * 31 + Arrays.hashCode(value);
    }
  }
}
