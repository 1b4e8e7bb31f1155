package dev.podnet.bgp;

import static dev.podnet.bgp.CodecTest.addr;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.Inet4Address;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** The decision process step by step: each test differs in exactly the attribute under test. */
class DecisionTest {
  static final Prefix P = Prefix.parse("10.244.1.0/24");

  static Path path(String peer, PathAttributes a, boolean external) {
    PathSource s = new PathSource(Optional.of(addr(peer)), (Inet4Address) addr(peer), external ? 65001 : 64512, external);
    return new Path(P, addr(peer), a, s);
  }

  static String winner(Path... paths) {
    LocRib rib = new LocRib();
    for (Path p : paths) {
      rib.put(p);
    }
    return rib.best(P).orElseThrow().nextHop().getHostAddress();
  }

  static final PathAttributes BASE = PathAttributes.local().withAsPath(AsPath.of(65001));

  @Test
  void higherLocalPrefWinsOverShorterPath() {
    assertThat(winner(path("10.0.0.1", BASE.withAsPath(AsPath.of(1, 2, 3)).withLocalPref(OptionalLong.of(200)), false),
        path("10.0.0.2", BASE, false))).isEqualTo("10.0.0.1");
  }

  @Test
  void shorterAsPathWins() {
    assertThat(winner(path("10.0.0.1", BASE.withAsPath(AsPath.of(65001, 65002)), false), path("10.0.0.2", BASE, false))).isEqualTo("10.0.0.2");
  }

  @Test
  void lowerOriginWins() {
    assertThat(winner(path("10.0.0.1", BASE.withOrigin(Origin.INCOMPLETE), false), path("10.0.0.2", BASE.withOrigin(Origin.EGP), false)))
        .isEqualTo("10.0.0.2");
  }

  @Test
  void lowerMedWinsBetweenPathsFromTheSameNeighbourAs() {
    assertThat(winner(path("10.0.0.1", BASE.withMed(OptionalLong.of(10)), false), path("10.0.0.2", BASE.withMed(OptionalLong.of(5)), false)))
        .isEqualTo("10.0.0.2");
  }

  @Test
  void medIsIgnoredBetweenDifferentNeighbourAses() {
    assertThat(winner(path("10.0.0.1", BASE.withMed(OptionalLong.of(10)), false),
        path("10.0.0.2", BASE.withAsPath(AsPath.of(65009)).withMed(OptionalLong.of(5)), false))).isEqualTo("10.0.0.1");
  }

  @Test
  void ebgpWinsOverIbgp() {
    assertThat(winner(path("10.0.0.1", BASE, false), path("10.0.0.2", BASE, true))).isEqualTo("10.0.0.2");
  }

  @Test
  void lowestRouterIdBreaksTheTie() {
    assertThat(winner(path("10.0.0.9", BASE, false), path("10.0.0.3", BASE, false))).isEqualTo("10.0.0.3");
  }

  @Test
  void removingTheBestFallsBackAndRemovingTheLastEmpties() {
    LocRib rib = new LocRib();
    rib.put(path("10.0.0.1", BASE, false));
    assertThat(rib.put(path("10.0.0.2", BASE.withLocalPref(OptionalLong.of(300)), false))).isTrue();
    assertThat(rib.remove(P, Optional.of(addr("10.0.0.2")))).isTrue();
    assertThat(rib.best(P).orElseThrow().nextHop()).isEqualTo(addr("10.0.0.1"));
    assertThat(rib.remove(P, Optional.of(addr("10.0.0.1")))).isTrue();
    assertThat(rib.best(P)).isEmpty();
    assertThat(rib.remove(P, Optional.of(addr("10.0.0.1")))).isFalse();
  }
}
