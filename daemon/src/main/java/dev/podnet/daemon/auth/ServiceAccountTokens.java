package dev.podnet.daemon.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.podnet.daemon.api.Caller;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.Signature;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Service-account tokens as kube-apiserver issues them: RS256 JWTs signed with the cluster's SA
 * key, {@code sub: system:serviceaccount:NS:NAME}, audience and issuer the in-cluster API URL,
 * and the {@code kubernetes.io} claim binding the token to its ServiceAccount (and pod) by uid.
 * A token is accepted only while that ServiceAccount still exists with the same uid, so deleting
 * it revokes every token it had.
 */
public final class ServiceAccountTokens {
  public static final String ISSUER = "https://kubernetes.default.svc.cluster.local";
  /** Allowed clock difference between issuer and verifier, as upstream's leeway. */
  private static final Duration LEEWAY = Duration.ofSeconds(60);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

  private final KeyPair key;
  private final String keyId;
  private final Clock clock;
  private final ServiceAccountLookup accounts;

  /** Finds a ServiceAccount's uid: empty when it does not exist (any more). */
  public interface ServiceAccountLookup {
    Optional<String> uid(String namespace, String name);
  }

  /** Who a token is for. {@code pod} is empty for a token not bound to a pod. */
  public record Subject(String namespace, String serviceAccount, String serviceAccountUid, Optional<BoundPod> pod) {}

  public record BoundPod(String name, String uid) {}

  public ServiceAccountTokens(KeyPair key, ServiceAccountLookup accounts, Clock clock) {
    this.key = key;
    this.accounts = accounts;
    this.clock = clock;
    this.keyId = keyId(key);
  }

  /** A signed token for {@code s}, valid from now for {@code lifetime}, for this API server's audience. */
  public String issue(Subject s, Duration lifetime) {
    return issue(s, lifetime, List.of(ISSUER));
  }

  /** As above for other {@code audiences} (a TokenRequest may name them; this API accepts only its own). */
  public String issue(Subject s, Duration lifetime, List<String> audiences) {
    long now = clock.instant().getEpochSecond();
    Map<String, Object> k8s = new LinkedHashMap<>();
    k8s.put("namespace", s.namespace());
    s.pod().ifPresent(p -> k8s.put("pod", nameAndUid(p.name(), p.uid())));
    k8s.put("serviceaccount", nameAndUid(s.serviceAccount(), s.serviceAccountUid()));
    Map<String, Object> claims = new LinkedHashMap<>();
    claims.put("aud", List.copyOf(audiences));
    claims.put("exp", now + lifetime.toSeconds());
    claims.put("iat", now);
    claims.put("iss", ISSUER);
    claims.put("kubernetes.io", k8s);
    claims.put("nbf", now);
    claims.put("sub", "system:serviceaccount:" + s.namespace() + ":" + s.serviceAccount());
    String signingInput = part(Map.of("alg", "RS256", "kid", keyId)) + "." + part(claims);
    return signingInput + "." + B64.encodeToString(sign(signingInput));
  }

  /** The caller a token proves, or empty: bad signature, wrong issuer or audience, expired, or its ServiceAccount is gone. */
  public Optional<Caller> verify(String token) {
    String[] p = token.split("\\.");
    if (p.length != 3 || !signatureValid(p[0] + "." + p[1], p[2])) {
      return Optional.empty();
    }
    try {
      JsonNode header = JSON.readTree(Base64.getUrlDecoder().decode(p[0]));
      JsonNode c = JSON.readTree(Base64.getUrlDecoder().decode(p[1]));
      if (!header.path("alg").asText().equals("RS256") || !c.path("iss").asText().equals(ISSUER) || !audienceOk(c.path("aud"))) {
        return Optional.empty();
      }
      Instant now = clock.instant();
      if (!c.path("exp").canConvertToLong() || Instant.ofEpochSecond(c.path("exp").asLong()).isBefore(now.minus(LEEWAY))
          || Instant.ofEpochSecond(c.path("nbf").asLong(0)).isAfter(now.plus(LEEWAY))) {
        return Optional.empty();
      }
      JsonNode k8s = c.path("kubernetes.io");
      String ns = k8s.path("namespace").asText();
      String name = k8s.path("serviceaccount").path("name").asText();
      String uid = k8s.path("serviceaccount").path("uid").asText();
      if (!c.path("sub").asText().equals("system:serviceaccount:" + ns + ":" + name) || !accounts.uid(ns, name).equals(Optional.of(uid))) {
        return Optional.empty();
      }
      return Optional.of(Caller.serviceAccount(ns, name));
    } catch (java.io.IOException | IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private static Map<String, String> nameAndUid(String name, String uid) {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("name", name);
    m.put("uid", uid);
    return m;
  }

  private static boolean audienceOk(JsonNode aud) {
    if (aud.isTextual()) {
      return aud.asText().equals(ISSUER);
    }
    for (JsonNode a : aud) {
      if (a.asText().equals(ISSUER)) {
        return true;
      }
    }
    return false;
  }

  private byte[] sign(String input) {
    try {
      Signature s = Signature.getInstance("SHA256withRSA");
      s.initSign(key.getPrivate());
      s.update(input.getBytes(StandardCharsets.US_ASCII));
      return s.sign();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("sign service-account token: " + e.getMessage(), e);
    }
  }

  private boolean signatureValid(String input, String signature) {
    try {
      Signature s = Signature.getInstance("SHA256withRSA");
      s.initVerify(key.getPublic());
      s.update(input.getBytes(StandardCharsets.US_ASCII));
      return s.verify(Base64.getUrlDecoder().decode(signature));
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      return false;
    }
  }

  private static String part(Object value) {
    try {
      return B64.encodeToString(JSON.writeValueAsBytes(value));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("encode token part: " + e.getMessage(), e);
    }
  }

  /** As kube-apiserver: the unpadded URL-safe SHA-256 of the public key's DER. */
  private static String keyId(KeyPair key) {
    try {
      return B64.encodeToString(MessageDigest.getInstance("SHA-256").digest(key.getPublic().getEncoded()));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
