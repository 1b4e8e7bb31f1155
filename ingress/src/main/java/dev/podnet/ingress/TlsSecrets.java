package dev.podnet.ingress;

import dev.podnet.ingress.proxy.Certificates;
import dev.podnet.ingress.route.Problem;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressTLS;
import io.netty.handler.ssl.SslContext;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import javax.net.ssl.SSLException;

/**
 * Each TLS host's certificate, from the Secret its Ingress's {@code spec.tls} names: the oldest
 * Ingress wins a host, as for paths. A Secret is parsed once per resourceVersion, so a rotation
 * (a new resourceVersion) is served from the next handshake and an unchanged cluster costs
 * nothing. A missing or unloadable Secret is a {@link Problem}; its hosts get the default
 * certificate meanwhile.
 */
final class TlsSecrets {
  private record Loaded(String resourceVersion, SslContext context, String error) {}

  private final Map<String, Loaded> cache = new HashMap<>();

  /** Computes the name → context map for {@code certs} and returns what is wrong. */
  List<Problem> apply(List<Ingress> ours, Map<String, Secret> secrets, Certificates certs) {
    List<Problem> problems = new ArrayList<>();
    Map<String, SslContext> byHost = new LinkedHashMap<>();
    List<Ingress> ordered = new ArrayList<>(ours);
    ordered.sort(Comparator.comparing((Ingress i) -> Objects.requireNonNullElse(i.getMetadata().getCreationTimestamp(), ""))
        .thenComparing(ClusterWatch::key));
    for (Ingress ing : ordered) {
      List<IngressTLS> tls = ing.getSpec() == null ? List.of() : Objects.requireNonNullElse(ing.getSpec().getTls(), List.of());
      for (IngressTLS t : tls) {
        if (t.getSecretName() == null || t.getSecretName().isEmpty()) {
          continue; // the default certificate, as upstream documents for a tls entry without a secret
        }
        String key = ing.getMetadata().getNamespace() + "/" + t.getSecretName();
        Loaded l = load(key, secrets.get(key));
        if (l.context() == null) {
          problems.add(new Problem(ing.getMetadata().getNamespace(), ing.getMetadata().getName(), "SecretNotUsable", l.error()));
          continue;
        }
        for (String host : Objects.requireNonNullElse(t.getHosts(), List.<String>of())) {
          byHost.putIfAbsent(host.toLowerCase(Locale.ROOT), l.context());
        }
      }
    }
    cache.keySet().retainAll(secrets.keySet());
    certs.update(byHost);
    return problems;
  }

  private Loaded load(String key, Secret s) {
    if (s == null) {
      return new Loaded("", null, "secret " + key + " not found (or not of type kubernetes.io/tls); its hosts get the default certificate");
    }
    String rv = Objects.requireNonNullElse(s.getMetadata().getResourceVersion(), "");
    Loaded cached = cache.get(key);
    if (cached != null && cached.resourceVersion().equals(rv)) {
      return cached;
    }
    Loaded l;
    try {
      Map<String, String> data = Objects.requireNonNullElse(s.getData(), Map.of());
      byte[] crt = Base64.getDecoder().decode(Objects.requireNonNullElse(data.get("tls.crt"), ""));
      byte[] key2 = Base64.getDecoder().decode(Objects.requireNonNullElse(data.get("tls.key"), ""));
      l = new Loaded(rv, Certificates.context(crt, key2), "");
    } catch (SSLException | IllegalArgumentException e) {
      l = new Loaded(rv, null, "secret " + key + ": the certificate and key do not load: " + e.getMessage());
    }
    cache.put(key, l);
    return l;
  }
}
