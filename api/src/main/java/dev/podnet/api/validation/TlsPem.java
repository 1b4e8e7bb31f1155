package dev.podnet.api.validation;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Whether PEM text holds what a TLS server needs: X.509 certificates, and one private key in a
 * form OpenSSL and Netty load (PKCS#8, or the traditional PKCS#1 RSA and SEC1 EC forms that
 * {@code openssl genrsa}/{@code ecparam} print). Each check answers with the problem, if any.
 */
final class TlsPem {
  private static final Pattern KEY_BLOCK = Pattern.compile("-----BEGIN ([A-Z ]*)PRIVATE KEY-----([^-]*)-----END \\1PRIVATE KEY-----");
  private static final List<String> PKCS8_ALGORITHMS = List.of("RSA", "EC", "EdDSA", "DSA");

  private TlsPem() {}

  static Optional<String> certificateProblem(byte[] pem) {
    if (!new String(pem, StandardCharsets.US_ASCII).contains("-----BEGIN CERTIFICATE-----")) {
      return Optional.of("must hold a PEM-encoded X.509 certificate (-----BEGIN CERTIFICATE-----), such as `kubectl create secret tls` stores");
    }
    try {
      var certs = CertificateFactory.getInstance("X.509").generateCertificates(new ByteArrayInputStream(pem));
      return certs.isEmpty() ? Optional.of("holds no certificate") : Optional.empty();
    } catch (GeneralSecurityException | RuntimeException e) {
      return Optional.of("the certificate does not parse: " + e.getMessage());
    }
  }

  static Optional<String> keyProblem(byte[] pem) {
    Matcher m = KEY_BLOCK.matcher(new String(pem, StandardCharsets.US_ASCII));
    if (!m.find()) {
      return Optional.of("must hold a PEM-encoded private key (-----BEGIN PRIVATE KEY-----, or RSA/EC PRIVATE KEY)");
    }
    String kind = m.group(1).trim();
    byte[] der;
    try {
      der = Base64.getMimeDecoder().decode(m.group(2).trim());
    } catch (IllegalArgumentException e) {
      return Optional.of("the private key is not valid base64: " + e.getMessage());
    }
    return switch (kind) {
      case "" -> pkcs8Problem(der);
      case "RSA", "EC" -> der.length > 2 && der[0] == 0x30 ? Optional.empty() : Optional.of("the " + kind + " private key is not DER");
      case "ENCRYPTED" -> Optional.of("the private key is encrypted; store it unencrypted (openssl pkey -in key.pem -out plain.pem)");
      default -> Optional.of("unsupported private key type \"" + kind + " PRIVATE KEY\"; use PKCS#8 (openssl pkey -in key.pem -out plain.pem)");
    };
  }

  private static Optional<String> pkcs8Problem(byte[] der) {
    for (String algorithm : PKCS8_ALGORITHMS) {
      try {
        KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
        return Optional.empty();
      } catch (GeneralSecurityException | RuntimeException e) {
        // not this algorithm; try the next
      }
    }
    return Optional.of("the PKCS#8 private key does not parse as RSA, EC, EdDSA or DSA");
  }
}
