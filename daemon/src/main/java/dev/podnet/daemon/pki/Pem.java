package dev.podnet.daemon.pki;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/**
 * PEM files as kubeadm writes them: {@code CERTIFICATE}, PKCS#8 {@code PRIVATE KEY} (what Netty,
 * Go's crypto/tls and curl all read) and {@code PUBLIC KEY}. Private keys are created 0600 before
 * a byte is written, so they are never readable by others, not even for a moment.
 */
public final class Pem {
  private Pem() {}

  public static String encode(String type, byte[] der) {
    String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
    return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
  }

  public static String certificate(X509Certificate c) {
    try {
      return encode("CERTIFICATE", c.getEncoded());
    } catch (GeneralSecurityException e) {
      throw new PkiException("encode certificate " + c.getSubjectX500Principal() + ": " + e.getMessage(), e);
    }
  }

  public static String privateKey(PrivateKey k) {
    return encode("PRIVATE KEY", k.getEncoded());
  }

  public static String publicKey(PublicKey k) {
    return encode("PUBLIC KEY", k.getEncoded());
  }

  static byte[] decode(String pem, String type) {
    String begin = "-----BEGIN " + type + "-----";
    int from = pem.indexOf(begin);
    int to = pem.indexOf("-----END " + type + "-----");
    if (from < 0 || to < from) {
      throw new PkiException("no " + type + " block in PEM text");
    }
    return Base64.getMimeDecoder().decode(pem.substring(from + begin.length(), to));
  }

  static X509Certificate readCertificate(Path p) {
    try {
      byte[] der = decode(Files.readString(p), "CERTIFICATE");
      return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new java.io.ByteArrayInputStream(der));
    } catch (IOException | GeneralSecurityException | PkiException e) {
      throw new PkiException("read certificate " + p + ": " + e.getMessage() + " (remove it and restart podnetd to issue a new one)", e);
    }
  }

  static PrivateKey readPrivateKey(Path p) {
    try {
      return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(decode(Files.readString(p), "PRIVATE KEY")));
    } catch (IOException | GeneralSecurityException | PkiException e) {
      throw new PkiException("read private key " + p + ": " + e.getMessage(), e);
    }
  }

  static PublicKey readPublicKey(Path p) {
    try {
      return KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(decode(Files.readString(p), "PUBLIC KEY")));
    } catch (IOException | GeneralSecurityException | PkiException e) {
      throw new PkiException("read public key " + p + ": " + e.getMessage(), e);
    }
  }

  /** Writes {@code text}; {@code secret} files are made 0600 before anything is in them. */
  static void write(Path p, String text, boolean secret) {
    try {
      Files.createDirectories(p.getParent());
      Path tmp = p.resolveSibling(p.getFileName() + ".tmp");
      Files.deleteIfExists(tmp);
      Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(secret ? "rw-------" : "rw-r--r--")));
      Files.writeString(tmp, text, StandardOpenOption.TRUNCATE_EXISTING);
      Files.move(tmp, p, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new PkiException("write " + p + ": " + e.getMessage(), e);
    }
  }
}
