package dev.podnet.bgp;

import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * UPDATE bodies (RFC 4271 4.3) with RFC 7606's error handling: what cannot be framed resets the
 * session, a malformed attribute withdraws the UPDATE's prefixes instead ("treat-as-withdraw") or
 * is dropped alone ("attribute discard"), and the session stays up.
 */
final class UpdateDecoder {
  private UpdateDecoder() {}

  static Message.Update decode(ByteBuf body, WireOptions options) {
    int total = body.readableBytes();
    int withdrawnLength = body.readUnsignedShort();
    if (withdrawnLength + 4 > total) {
      throw malformedList("withdrawn routes length " + withdrawnLength + " overruns the UPDATE of " + total + " octets");
    }
    List<Prefix> withdrawn = Prefixes.decode(body.readSlice(withdrawnLength), Family.IPV4_UNICAST, 10);
    int attrLength = body.readUnsignedShort();
    if (withdrawnLength + attrLength + 4 > total) {
      throw malformedList("total path attribute length " + attrLength + " overruns the UPDATE of " + total + " octets");
    }
    ByteBuf attrs = body.readSlice(attrLength);
    List<Prefix> nlri = Prefixes.decode(body, Family.IPV4_UNICAST, 10);
    AttributeParser parsed = AttributeParser.parse(attrs, options);
    return assemble(withdrawn, nlri, parsed);
  }

  private static Message.Update assemble(List<Prefix> withdrawn, List<Prefix> nlri, AttributeParser p) {
    List<Prefix> gone = new ArrayList<>(withdrawn);
    p.mpUnreach.ifPresent(u -> gone.addAll(u.prefixes()));
    List<Prefix> announced = new ArrayList<>(nlri);
    p.mpReach.ifPresent(r -> announced.addAll(r.prefixes()));
    if (isEndOfRib(withdrawn, nlri, p)) {
      Family f = p.mpUnreach.map(AttributeParser.Nlri::family).orElse(Family.IPV4_UNICAST);
      return Message.Update.endOfRib(f);
    }
    if (!announced.isEmpty() && !p.treatAsWithdraw()) {
      p.checkMandatory(!nlri.isEmpty());
    }
    if (p.treatAsWithdraw() || announced.isEmpty()) {
      gone.addAll(announced);
      return new Message.Update(gone, List.of(), Optional.empty(), java.util.Map.of(), Optional.empty(), p.errors);
    }
    return new Message.Update(gone, announced, Optional.of(p.attributes()), p.nextHops(), Optional.empty(), p.errors);
  }

  /** RFC 4724 2: an empty UPDATE ends IPv4's RIB; an MP_UNREACH_NLRI with nothing in it ends its family's. */
  private static boolean isEndOfRib(List<Prefix> withdrawn, List<Prefix> nlri, AttributeParser p) {
    if (!withdrawn.isEmpty() || !nlri.isEmpty() || p.mpReach.isPresent() || !p.errors.isEmpty()) {
      return false;
    }
    return p.count == 0 || (p.count == 1 && p.mpUnreach.isPresent() && p.mpUnreach.get().prefixes().isEmpty());
  }

  static BgpException malformedList(String why) {
    return new BgpException(Message.Notification.UPDATE, 1, why);
  }
}
