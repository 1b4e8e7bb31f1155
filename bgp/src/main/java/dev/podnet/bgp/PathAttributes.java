package dev.podnet.bgp;

import java.util.List;
import java.util.OptionalLong;

/**
 * The attributes of a path apart from its next hop (which is per address family: NEXT_HOP for
 * IPv4, inside MP_REACH_NLRI for IPv6). Values are immutable; {@code with*} return copies.
 */
public record PathAttributes(
    Origin origin,
    AsPath asPath,
    OptionalLong med,
    OptionalLong localPref,
    List<Community> communities,
    List<RawAttribute> other) {

  public static final long DEFAULT_LOCAL_PREF = 100;

  public PathAttributes {
    communities = List.copyOf(communities);
    other = List.copyOf(other);
  }

  /** What a locally originated prefix carries unless told otherwise. */
  public static PathAttributes local() {
    return new PathAttributes(Origin.IGP, AsPath.EMPTY, OptionalLong.empty(), OptionalLong.empty(), List.of(), List.of());
  }

  public PathAttributes withAsPath(AsPath p) {
    return new PathAttributes(origin, p, med, localPref, communities, other);
  }

  public PathAttributes withMed(OptionalLong m) {
    return new PathAttributes(origin, asPath, m, localPref, communities, other);
  }

  public PathAttributes withLocalPref(OptionalLong lp) {
    return new PathAttributes(origin, asPath, med, lp, communities, other);
  }

  public PathAttributes withCommunities(List<Community> c) {
    return new PathAttributes(origin, asPath, med, localPref, c, other);
  }

  public PathAttributes withOther(List<RawAttribute> o) {
    return new PathAttributes(origin, asPath, med, localPref, communities, o);
  }

  public PathAttributes withOrigin(Origin o) {
    return new PathAttributes(o, asPath, med, localPref, communities, other);
  }

  public long effectiveLocalPref() {
    return localPref.orElse(DEFAULT_LOCAL_PREF);
  }
}
