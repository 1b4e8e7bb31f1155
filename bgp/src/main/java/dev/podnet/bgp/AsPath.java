package dev.podnet.bgp;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalLong;
import java.util.stream.Collectors;

/** AS_PATH (RFC 4271 5.1.2) with 4-octet AS numbers throughout; the codec narrows for old peers. */
public record AsPath(List<Segment> segments) {

  public static final AsPath EMPTY = new AsPath(List.of());

  /** AS_SET (1) or AS_SEQUENCE (2) of AS numbers. */
  public record Segment(boolean set, List<Long> asns) {
    public Segment {
      asns = List.copyOf(asns);
      if (asns.isEmpty() || asns.size() > 255) {
        throw new IllegalArgumentException("AS path segment with " + asns.size() + " AS numbers: a segment holds 1..255");
      }
    }

    public int type() {
      return set ? 1 : 2;
    }
  }

  public AsPath {
    segments = List.copyOf(segments);
  }

  public static AsPath of(long... asns) {
    return asns.length == 0 ? EMPTY : new AsPath(List.of(new Segment(false, Arrays.stream(asns).boxed().toList())));
  }

  /** Path length for the decision process: each AS of a sequence counts, a set counts once. */
  public int length() {
    return segments.stream().mapToInt(s -> s.set() ? 1 : s.asns().size()).sum();
  }

  public boolean contains(long asn) {
    return segments.stream().anyMatch(s -> s.asns().contains(asn));
  }

  /** The neighbouring AS (first of the first sequence), for MED comparison. */
  public OptionalLong firstAs() {
    return segments.isEmpty() || segments.get(0).set() ? OptionalLong.empty() : OptionalLong.of(segments.get(0).asns().get(0));
  }

  /** What an eBGP speaker sends: its own AS in front. */
  public AsPath prepend(long asn) {
    List<Segment> out = new ArrayList<>(segments);
    if (!out.isEmpty() && !out.get(0).set() && out.get(0).asns().size() < 255) {
      List<Long> first = new ArrayList<>(out.get(0).asns());
      first.add(0, asn);
      out.set(0, new Segment(false, first));
    } else {
      out.add(0, new Segment(false, List.of(asn)));
    }
    return new AsPath(out);
  }

  /** All AS numbers in order, flattening sets: how AS4_PATH is merged (RFC 6793 4.2.3). */
  List<Long> flat() {
    return segments.stream().flatMap(s -> s.asns().stream()).toList();
  }

  @Override
  public String toString() {
    return segments.stream()
        .map(s -> s.set()
            ? s.asns().stream().map(String::valueOf).collect(Collectors.joining(" ", "{", "}"))
            : s.asns().stream().map(String::valueOf).collect(Collectors.joining(" ")))
        .collect(Collectors.joining(" "));
  }
}
