package dev.podnet.daemon.pki;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The cluster CA: a self-signed root that signs the API server's serving certificate and client
 * certificates, as kubeadm's {@code ca.crt}. RSA 2048 and SHA-256 throughout: every client
 * (Go, Java, curl) accepts them.
 */
public final class CertificateAuthority {
  static final Duration CA_VALIDITY = Duration.ofDays(3650);
  /** Backdated so a client whose clock is slightly behind still accepts a fresh certificate. */
  private static final Duration SKEW = Duration.ofMinutes(5);
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Credential ca;

  public CertificateAuthority(Credential ca) {
    this.ca = ca;
  }

  public Credential credential() {
    return ca;
  }

  public X509Certificate certificate() {
    return ca.certificate();
  }

  /** A new self-signed CA named {@code commonName}. */
  public static CertificateAuthority create(String commonName) {
    KeyPair kp = rsa();
    X500Principal name = name(commonName, List.of());
    try {
      X509v3CertificateBuilder b = builder(name, name, kp, CA_VALIDITY);
      JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
      b.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
      b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign | KeyUsage.digitalSignature));
      b.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(kp.getPublic()));
      return new CertificateAuthority(new Credential(sign(b, kp), kp.getPrivate()));
    } catch (CertIOException | GeneralSecurityException e) {
      throw new PkiException("create cluster CA " + commonName + ": " + e.getMessage(), e);
    }
  }

  /** A new key pair and a certificate for it, signed by this CA. */
  public Credential issue(CertificateRequest req) {
    KeyPair kp = rsa();
    try {
      X509v3CertificateBuilder b = builder(ca.certificate().getSubjectX500Principal(), name(req.commonName(), req.organizations()), kp, req.validity());
      JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
      b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
      b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
      KeyPurposeId purpose = req.usage() == CertificateRequest.Usage.SERVER ? KeyPurposeId.id_kp_serverAuth : KeyPurposeId.id_kp_clientAuth;
      b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purpose));
      b.addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(ca.certificate()));
      List<GeneralName> sans = new ArrayList<>();
      req.dnsNames().forEach(d -> sans.add(new GeneralName(GeneralName.dNSName, d)));
      req.ipAddresses().forEach(ip -> sans.add(new GeneralName(GeneralName.iPAddress, ip.getHostAddress())));
      if (!sans.isEmpty()) {
        b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(sans.toArray(GeneralName[]::new)));
      }
      return new Credential(sign(b, new KeyPair(ca.certificate().getPublicKey(), ca.key())), kp.getPrivate());
    } catch (CertIOException | GeneralSecurityException e) {
      throw new PkiException("issue certificate CN=" + req.commonName() + ": " + e.getMessage(), e);
    }
  }

  static KeyPair rsa() {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
      g.initialize(2048, RANDOM);
      return g.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new PkiException("generate an RSA key: " + e.getMessage(), e);
    }
  }

  private static X500Principal name(String cn, List<String> organizations) {
    X500NameBuilder n = new X500NameBuilder(BCStyle.INSTANCE);
    organizations.forEach(o -> n.addRDN(BCStyle.O, o));
    n.addRDN(BCStyle.CN, cn);
    try {
      return new X500Principal(n.build().getEncoded());
    } catch (java.io.IOException e) {
      throw new PkiException("encode subject CN=" + cn + ": " + e.getMessage(), e);
    }
  }

  private static X509v3CertificateBuilder builder(X500Principal issuer, X500Principal subject, KeyPair kp, Duration validity) {
    Instant now = Instant.now();
    return new JcaX509v3CertificateBuilder(issuer, new BigInteger(127, RANDOM).add(BigInteger.ONE), Date.from(now.minus(SKEW)),
        Date.from(now.plus(validity)), subject, kp.getPublic());
  }

  private static X509Certificate sign(X509v3CertificateBuilder b, KeyPair signer) throws GeneralSecurityException {
    try {
      return new JcaX509CertificateConverter().getCertificate(b.build(new JcaContentSignerBuilder("SHA256withRSA").build(signer.getPrivate())));
    } catch (OperatorCreationException e) {
      throw new PkiException("sign certificate: " + e.getMessage(), e);
    }
  }
}
