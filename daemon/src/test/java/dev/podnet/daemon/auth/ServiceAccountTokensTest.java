package dev.podnet.daemon.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.podnet.daemon.api.Caller;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ServiceAccountTokensTest {
  private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
  private static final KeyPair KEY = rsa();
  private final Map<String, String> uids = new java.util.HashMap<>(Map.of("shop/default", "uid-1"));
  private final ServiceAccountTokens.ServiceAccountLookup lookup = (ns, name) -> Optional.ofNullable(uids.get(ns + "/" + name));

  private static KeyPair rsa() {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
      g.initialize(2048);
      return g.generateKeyPair();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private ServiceAccountTokens at(Instant t, KeyPair key) {
    return new ServiceAccountTokens(key, lookup, Clock.fixed(t, ZoneOffset.UTC));
  }

  private static ServiceAccountTokens.Subject shopDefault() {
    return new ServiceAccountTokens.Subject("shop", "default", "uid-1", Optional.of(new ServiceAccountTokens.BoundPod("web", "pod-uid")));
  }

  @Test
  void aTokenProvesItsServiceAccountWithUpstreamClaims() {
    String token = at(NOW, KEY).issue(shopDefault(), Duration.ofHours(1));
    assertThat(at(NOW.plusSeconds(60), KEY).verify(token)).contains(Caller.serviceAccount("shop", "default"));
    String claims = new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]));
    assertThat(claims).contains("\"iss\":\"https://kubernetes.default.svc.cluster.local\"", "\"sub\":\"system:serviceaccount:shop:default\"",
        "\"pod\":{\"name\":\"web\",\"uid\":\"pod-uid\"}", "\"exp\":" + (NOW.getEpochSecond() + 3600));
  }

  @Test
  void aTamperedTokenIsRejected() {
    String token = at(NOW, KEY).issue(shopDefault(), Duration.ofHours(1));
    String[] p = token.split("\\.");
    String claims = new String(Base64.getUrlDecoder().decode(p[1])).replace("system:serviceaccount:shop:default", "system:serviceaccount:kube-system:default")
        .replace("\"namespace\":\"shop\"", "\"namespace\":\"kube-system\"");
    uids.put("kube-system/default", "uid-1");
    String forged = p[0] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(claims.getBytes()) + "." + p[2];
    assertThat(at(NOW, KEY).verify(forged)).isEmpty();
    assertThat(at(NOW, KEY).verify(token.substring(0, token.length() - 4) + "AAAA")).isEmpty();
    assertThat(at(NOW, KEY).verify("not-a-jwt")).isEmpty();
  }

  @Test
  void anExpiredTokenIsRejectedOnceTheLeewayIsOver() {
    String token = at(NOW, KEY).issue(shopDefault(), Duration.ofHours(1));
    assertThat(at(NOW.plus(Duration.ofHours(1)).plusSeconds(30), KEY).verify(token)).isPresent();
    assertThat(at(NOW.plus(Duration.ofHours(1)).plusSeconds(120), KEY).verify(token)).isEmpty();
  }

  @Test
  void aTokenSignedWithAnotherKeyIsRejected() {
    String foreign = at(NOW, rsa()).issue(shopDefault(), Duration.ofHours(1));
    assertThat(at(NOW, KEY).verify(foreign)).isEmpty();
  }

  @Test
  void deletingOrRecreatingTheServiceAccountRevokesItsTokens() {
    String token = at(NOW, KEY).issue(shopDefault(), Duration.ofHours(1));
    uids.put("shop/default", "uid-2");
    assertThat(at(NOW, KEY).verify(token)).isEmpty();
    uids.remove("shop/default");
    assertThat(at(NOW, KEY).verify(token)).isEmpty();
  }
}
