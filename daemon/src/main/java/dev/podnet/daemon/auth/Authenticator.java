package dev.podnet.daemon.auth;

import dev.podnet.daemon.api.ApiListener;
import dev.podnet.daemon.api.Caller;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;

/**
 * kube-apiserver's two authenticators that podnet needs: an x509 client certificate signed by the
 * cluster CA (CN is the user, each O a group, as kubeadm's admin.conf relies on), then an
 * {@code Authorization: Bearer} service-account token. The TLS handshake has already checked
 * the chain against the CA; the signature is checked again here so that no listener configured
 * with a looser trust manager could let a foreign certificate through.
 */
public final class Authenticator implements ApiListener.Authentication {
  private final X509Certificate ca;
  private final ServiceAccountTokens tokens;

  public Authenticator(X509Certificate ca, ServiceAccountTokens tokens) {
    this.ca = ca;
    this.tokens = tokens;
  }

  @Override
  public Optional<Caller> authenticate(List<X509Certificate> peerCertificates, Map<String, String> headers) {
    if (!peerCertificates.isEmpty()) {
      Optional<Caller> c = fromCertificate(peerCertificates.get(0));
      if (c.isPresent()) {
        return c;
      }
    }
    String auth = headers.getOrDefault("authorization", "");
    if (auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return tokens.verify(auth.substring(7).strip());
    }
    return Optional.empty();
  }

  Optional<Caller> fromCertificate(X509Certificate cert) {
    try {
      cert.checkValidity();
      cert.verify(ca.getPublicKey());
    } catch (GeneralSecurityException e) {
      return Optional.empty();
    }
    String cn = "";
    List<String> groups = new ArrayList<>();
    try {
      for (Rdn rdn : new LdapName(cert.getSubjectX500Principal().getName()).getRdns()) {
        if (rdn.getType().equalsIgnoreCase("CN")) {
          cn = rdn.getValue().toString();
        } else if (rdn.getType().equalsIgnoreCase("O")) {
          groups.add(rdn.getValue().toString());
        }
      }
    } catch (InvalidNameException e) {
      return Optional.empty();
    }
    if (cn.isEmpty()) {
      return Optional.empty();
    }
    groups.add("system:authenticated");
    return Optional.of(new Caller(cn, groups));
  }
}
