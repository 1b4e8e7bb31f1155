package dev.podnet.bgp;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The five BGP messages (RFC 4271 4, RFC 2918), as values; {@link Codec} turns them into bytes and back. */
sealed interface Message permits Message.Open, Message.Update, Message.Keepalive, Message.Notification, Message.RouteRefresh {

  int OPEN = 1;
  int UPDATE = 2;
  int NOTIFICATION = 3;
  int KEEPALIVE = 4;
  int ROUTE_REFRESH = 5;

  /** OPEN; {@code myAs} is the 2-octet field as sent (AS_TRANS for 4-octet speakers, RFC 6793). */
  record Open(int version, int myAs, int holdTime, Inet4Address routerId, List<Capability> capabilities) implements Message {
    public Open {
      capabilities = List.copyOf(capabilities);
    }

    /** The speaker's AS: from the 4-octet AS capability when present. */
    long asn() {
      return capabilities.stream().filter(c -> c instanceof Capability.FourOctetAs).map(c -> ((Capability.FourOctetAs) c).asn())
          .findFirst().orElse((long) myAs);
    }

    <T extends Capability> Optional<T> capability(Class<T> type) {
      return capabilities.stream().filter(type::isInstance).map(type::cast).findFirst();
    }
  }

  /**
   * UPDATE of any family: IPv4 in the classic fields, others in MP_REACH/MP_UNREACH. {@code
   * errors} lists RFC 7606 handling applied while decoding (treat-as-withdraw moves every
   * announced prefix to {@code withdrawn}; attribute-discard drops one attribute).
   */
  record Update(
      List<Prefix> withdrawn,
      List<Prefix> announced,
      Optional<PathAttributes> attributes,
      Map<Family, InetAddress> nextHops,
      Optional<Family> endOfRib,
      List<String> errors) implements Message {
    public Update {
      withdrawn = List.copyOf(withdrawn);
      announced = List.copyOf(announced);
      nextHops = Map.copyOf(nextHops);
      errors = List.copyOf(errors);
      if (!announced.isEmpty() && attributes.isEmpty()) {
        throw new IllegalArgumentException("UPDATE announcing " + announced.size() + " prefixes needs path attributes");
      }
    }

    static Update announce(List<Prefix> prefixes, PathAttributes attributes, Map<Family, InetAddress> nextHops) {
      return new Update(List.of(), prefixes, Optional.of(attributes), nextHops, Optional.empty(), List.of());
    }

    static Update withdraw(List<Prefix> prefixes) {
      return new Update(prefixes, List.of(), Optional.empty(), Map.of(), Optional.empty(), List.of());
    }

    /** The End-of-RIB marker of RFC 4724 2. */
    static Update endOfRib(Family family) {
      return new Update(List.of(), List.of(), Optional.empty(), Map.of(), Optional.of(family), List.of());
    }

    boolean treatedAsWithdraw() {
      return errors.stream().anyMatch(e -> e.startsWith(TREAT_AS_WITHDRAW));
    }

    static final String TREAT_AS_WITHDRAW = "treat-as-withdraw: ";
  }

  record Keepalive() implements Message {
    static final Keepalive INSTANCE = new Keepalive();
  }

  record Notification(int code, int subcode, byte[] data) implements Message {
    static final int HEADER = 1;
    static final int OPEN = 2;
    static final int UPDATE = 3;
    static final int HOLD_TIMER = 4;
    static final int FSM = 5;
    static final int CEASE = 6;
    static final int ROUTE_REFRESH = 7;

    public Notification {
      data = data.clone();
    }

    static Notification of(int code, int subcode) {
      return new Notification(code, subcode, new byte[0]);
    }

    @Override
    public byte[] data() {
      return data.clone();
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Notification n && n.code == code && n.subcode == subcode && Arrays.equals(n.data, data);
    }

    @Override
    public int hashCode() {
      return (code * 31 + subcode) * 31 + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
      return "NOTIFICATION " + code + "/" + subcode + (data.length > 0 ? " data " + HexFormat.of().formatHex(data) : "");
    }
  }

  /** ROUTE-REFRESH for one AFI/SAFI (RFC 2918); unknown families are ignored by the receiver. */
  record RouteRefresh(int afi, int safi) implements Message {}
}
