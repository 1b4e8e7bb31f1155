package dev.podnet.daemon.pki;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cluster's credentials under {@code <stateDir>/pki}, laid out as kubeadm's: the CA, the API
 * server's serving certificate, the admin's client certificate ({@code kubernetes-admin} in
 * {@code system:masters}) and the service-account signing key pair. Made on first start and
 * reused after, so kubeconfigs and pods' tokens stay valid across podnetd restarts; only a serving
 * certificate that no longer covers the wanted addresses, or is about to expire, is issued again.
 */
public final class ClusterPki {
  private static final Logger log = LoggerFactory.getLogger(ClusterPki.class);
  public static final String ADMIN_USER = "kubernetes-admin";
  public static final String MASTERS_GROUP = "system:masters";
  /** The names a pod uses for the API: the {@code kubernetes} Service in {@code default}. */
  public static final List<String> SERVICE_NAMES = List.of("kubernetes", "kubernetes.default", "kubernetes.default.svc",
      "kubernetes.default.svc.cluster.local", "localhost");
  static final Duration LEAF_VALIDITY = Duration.ofDays(365);
  private static final Duration RENEW_BEFORE = Duration.ofDays(30);

  private final Path dir;
  private final CertificateAuthority ca;
  private final Credential serving;
  private final Credential admin;
  private final KeyPair serviceAccountKey;

  private ClusterPki(Path dir, CertificateAuthority ca, Credential serving, Credential admin, KeyPair serviceAccountKey) {
    this.dir = dir;
    this.ca = ca;
    this.serving = serving;
    this.admin = admin;
    this.serviceAccountKey = serviceAccountKey;
  }

  /** Loads the PKI in {@code dir}, making what is missing; the serving certificate covers {@code servingIps}. */
  public static ClusterPki ensure(Path dir, List<InetAddress> servingIps) {
    CertificateAuthority ca = Files.exists(dir.resolve("ca.crt"))
        ? new CertificateAuthority(load(dir, "ca"))
        : new CertificateAuthority(save(dir, "ca", CertificateAuthority.create("kubernetes").credential()));
    Credential serving = Files.exists(dir.resolve("apiserver.crt")) ? load(dir, "apiserver") : null;
    if (serving == null || !covers(serving.certificate(), servingIps) || expiresSoon(serving.certificate())) {
      serving = save(dir, "apiserver", ca.issue(new CertificateRequest("kube-apiserver", List.of(), SERVICE_NAMES, servingIps,
          CertificateRequest.Usage.SERVER, LEAF_VALIDITY)));
      log.info("issued API serving certificate dir={} ips={}", dir, servingIps.stream().map(InetAddress::getHostAddress).toList());
    }
    Credential admin = Files.exists(dir.resolve("admin.crt")) ? load(dir, "admin") : save(dir, "admin", ca.issue(new CertificateRequest(ADMIN_USER,
        List.of(MASTERS_GROUP), List.of(), List.of(), CertificateRequest.Usage.CLIENT, LEAF_VALIDITY)));
    KeyPair sa;
    if (Files.exists(dir.resolve("sa.key"))) {
      sa = new KeyPair(Pem.readPublicKey(dir.resolve("sa.pub")), Pem.readPrivateKey(dir.resolve("sa.key")));
    } else {
      sa = CertificateAuthority.rsa();
      Pem.write(dir.resolve("sa.pub"), Pem.publicKey(sa.getPublic()), false);
      Pem.write(dir.resolve("sa.key"), Pem.privateKey(sa.getPrivate()), true);
    }
    return new ClusterPki(dir, ca, serving, admin, sa);
  }

  public Path dir() {
    return dir;
  }

  public CertificateAuthority ca() {
    return ca;
  }

  public Credential serving() {
    return serving;
  }

  public Credential admin() {
    return admin;
  }

  public KeyPair serviceAccountKey() {
    return serviceAccountKey;
  }

  /** {@code ca.crt} as PEM text: what kubeconfigs and pods get to verify the API server. */
  public String caPem() {
    return Pem.certificate(ca.certificate());
  }

  private static Credential load(Path dir, String name) {
    return new Credential(Pem.readCertificate(dir.resolve(name + ".crt")), Pem.readPrivateKey(dir.resolve(name + ".key")));
  }

  /** The key first: a crash between the two writes leaves no certificate without its key. */
  private static Credential save(Path dir, String name, Credential c) {
    Pem.write(dir.resolve(name + ".key"), Pem.privateKey(c.key()), true);
    Pem.write(dir.resolve(name + ".crt"), Pem.certificate(c.certificate()), false);
    return c;
  }

  private static boolean expiresSoon(X509Certificate c) {
    return c.getNotAfter().toInstant().isBefore(Instant.now().plus(RENEW_BEFORE));
  }

  static boolean covers(X509Certificate c, List<InetAddress> ips) {
    Set<String> have = new HashSet<>();
    try {
      Collection<List<?>> sans = c.getSubjectAlternativeNames();
      for (List<?> san : sans == null ? List.<List<?>>of() : sans) {
        if (((Integer) san.get(0)) == 7) { // iPAddress
          have.add(InetAddress.getByName((String) san.get(1)).getHostAddress());
        }
      }
    } catch (CertificateParsingException | java.net.UnknownHostException e) {
      return false;
    }
    List<String> want = new ArrayList<>(ips.stream().map(InetAddress::getHostAddress).toList());
    return have.containsAll(want);
  }
}
