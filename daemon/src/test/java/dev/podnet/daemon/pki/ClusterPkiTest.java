package dev.podnet.daemon.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClusterPkiTest {
  @TempDir
  Path dir;

  private static List<InetAddress> ips(String... a) throws Exception {
    java.util.ArrayList<InetAddress> l = new java.util.ArrayList<>();
    for (String s : a) {
      l.add(InetAddress.getByName(s));
    }
    return l;
  }

  private static void validate(X509Certificate leaf, X509Certificate ca) throws Exception {
    PKIXParameters p = new PKIXParameters(Set.of(new TrustAnchor(ca, null)));
    p.setRevocationEnabled(false);
    CertPathValidator.getInstance("PKIX").validate(CertificateFactory.getInstance("X.509").generateCertPath(List.of(leaf)), p);
  }

  @Test
  void servingAndAdminCertificatesChainToTheClusterCaAndNameWhatClientsDial() throws Exception {
    ClusterPki pki = ClusterPki.ensure(dir, ips("127.0.0.1", "172.18.0.1", "10.96.0.1"));
    X509Certificate ca = pki.ca().certificate();
    validate(pki.serving().certificate(), ca);
    validate(pki.admin().certificate(), ca);
    List<String> sans = pki.serving().certificate().getSubjectAlternativeNames().stream().map(s -> String.valueOf(s.get(1))).toList();
    assertThat(sans).contains("127.0.0.1", "172.18.0.1", "10.96.0.1", "localhost", "kubernetes", "kubernetes.default",
        "kubernetes.default.svc", "kubernetes.default.svc.cluster.local");
    assertThat(pki.serving().certificate().getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.1");
    assertThat(pki.admin().certificate().getSubjectX500Principal().getName()).isEqualTo("CN=kubernetes-admin,O=system:masters");
    assertThat(pki.admin().certificate().getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.2");
    assertThat(ca.getBasicConstraints()).isGreaterThanOrEqualTo(0);
  }

  @Test
  void aCertificateFromAnotherCaDoesNotValidate() throws Exception {
    ClusterPki mine = ClusterPki.ensure(dir.resolve("a"), ips("127.0.0.1"));
    ClusterPki other = ClusterPki.ensure(dir.resolve("b"), ips("127.0.0.1"));
    assertThatThrownBy(() -> validate(other.admin().certificate(), mine.ca().certificate())).isInstanceOf(CertPathValidatorException.class);
  }

  @Test
  void privateKeysAreReadableByTheOwnerOnly() throws Exception {
    ClusterPki.ensure(dir, ips("127.0.0.1"));
    for (String key : List.of("ca.key", "apiserver.key", "admin.key", "sa.key")) {
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(key)))).as(key).isEqualTo("rw-------");
    }
    assertThat(Files.readString(dir.resolve("ca.crt"))).startsWith("-----BEGIN CERTIFICATE-----");
    assertThat(Files.readString(dir.resolve("admin.key"))).startsWith("-----BEGIN PRIVATE KEY-----");
  }

  @Test
  void aRestartReusesEverythingAndOnlyANewAddressReissuesTheServingCertificate() throws Exception {
    ClusterPki first = ClusterPki.ensure(dir, ips("127.0.0.1", "172.18.0.1"));
    ClusterPki again = ClusterPki.ensure(dir, ips("127.0.0.1", "172.18.0.1"));
    assertThat(again.ca().certificate()).isEqualTo(first.ca().certificate());
    assertThat(again.serving().certificate()).isEqualTo(first.serving().certificate());
    assertThat(again.admin().certificate()).isEqualTo(first.admin().certificate());
    assertThat(again.serviceAccountKey().getPublic()).isEqualTo(first.serviceAccountKey().getPublic());

    ClusterPki moved = ClusterPki.ensure(dir, ips("127.0.0.1", "172.19.0.1"));
    assertThat(moved.ca().certificate()).isEqualTo(first.ca().certificate());
    assertThat(moved.serving().certificate()).isNotEqualTo(first.serving().certificate());
    assertThat(ClusterPki.covers(moved.serving().certificate(), ips("172.19.0.1"))).isTrue();
    validate(moved.serving().certificate(), first.ca().certificate());
  }
}
