package dev.podnet.api.validation;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SecretValidationTest {
  private static String pem(String name) {
    try (InputStream in = SecretValidationTest.class.getResourceAsStream("/tls/" + name)) {
      return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static String b64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
  }

  private static List<String> errors(Map<String, String> data) {
    Secret s = new SecretBuilder().withNewMetadata().withName("foo-tls").endMetadata().withType("kubernetes.io/tls").withData(data).build();
    return Validation.validate(s).stream().map(FieldError::toString).toList();
  }

  @Test
  void aTlsSecretWithACertificateAndAPkcs8OrTraditionalKeyIsValid() {
    assertThat(errors(Map.of("tls.crt", b64(pem("cert.pem")), "tls.key", b64(pem("key.pem"))))).isEmpty();
    assertThat(errors(Map.of("tls.crt", b64(pem("cert.pem")), "tls.key", b64(pem("rsa-key.pem"))))).isEmpty();
    assertThat(errors(Map.of("tls.crt", b64(pem("cert.pem")), "tls.key", b64(pem("ec-key.pem"))))).isEmpty();
  }

  @Test
  void aTlsSecretMustHoldBothKeys() {
    assertThat(errors(Map.of("tls.crt", b64(pem("cert.pem"))))).containsExactly("data[tls.key]: Required value");
    assertThat(errors(Map.of())).containsExactly("data[tls.crt]: Required value", "data[tls.key]: Required value");
  }

  @Test
  void aCertificateOrKeyThatDoesNotParseIsRefusedWithoutEchoingTheSecret() {
    String brokenCert = pem("cert.pem").replace("MII", "MIX");
    List<String> e = errors(Map.of("tls.crt", b64(brokenCert), "tls.key", b64("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n")));
    assertThat(e).hasSize(2);
    assertThat(e.get(0)).startsWith("data[tls.crt]: Invalid value: the certificate does not parse");
    assertThat(e.get(1)).isEqualTo("data[tls.key]: Invalid value: the PKCS#8 private key does not parse as RSA, EC, EdDSA or DSA");
    assertThat(errors(Map.of("tls.crt", b64("hello"), "tls.key", b64(pem("key.pem"))))).singleElement().asString()
        .contains("must hold a PEM-encoded X.509 certificate");
  }

  @Test
  void opaqueSecretsOnlyNeedValidKeys() {
    Secret s = new SecretBuilder().withNewMetadata().withName("x").endMetadata().withData(Map.of("a/b", b64("v"), "ok", "!!")).build();
    List<String> e = Validation.validate(s).stream().map(FieldError::toString).sorted().toList();
    assertThat(e).hasSize(2);
    assertThat(e.get(0)).startsWith("data: Invalid value: \"a/b\": a valid config key");
    assertThat(e.get(1)).startsWith("data[ok]: Invalid value: must be base64");
  }
}
