package dev.podnet.ingress.proxy;

import io.netty.handler.codec.http2.Http2SecurityUtil;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.SupportedCipherSuiteFilter;
import io.netty.handler.ssl.util.SelfSignedCertificate;
import io.netty.util.DomainWildcardMappingBuilder;
import io.netty.util.Mapping;
import java.io.ByteArrayInputStream;
import java.security.cert.CertificateException;
import java.util.Map;
import javax.net.ssl.SSLException;

/**
 * The server certificate for each SNI name, swapped whole when Secrets change so a rotated
 * certificate is served from the next handshake on while open connections keep theirs. Names
 * without a certificate (and clients that send no SNI) get the default certificate, a
 * self-signed one as ingress-nginx's "Fake Certificate". Every context speaks TLS 1.2 and 1.3
 * and offers h2 then http/1.1 by ALPN.
 */
public final class Certificates implements Mapping<String, SslContext> {
  private final SslContext fallback;
  private volatile Mapping<String, SslContext> byName;

  private Certificates(SslContext fallback) {
    this.fallback = fallback;
    this.byName = new DomainWildcardMappingBuilder<>(fallback).build();
  }

  /** With a fresh self-signed default certificate for {@code ingress.local}. */
  public static Certificates selfSigned() {
    try {
      SelfSignedCertificate ssc = new SelfSignedCertificate("ingress.local");
      return new Certificates(configure(SslContextBuilder.forServer(ssc.certificate(), ssc.privateKey())));
    } catch (CertificateException | SSLException e) {
      throw new IllegalStateException("make the default self-signed certificate: " + e.getMessage(), e);
    }
  }

  /**
   * A server context from a Secret's PEM data ({@code tls.crt} chain, {@code tls.key} in PKCS#8,
   * PKCS#1 or SEC1).
   *
   * @throws SSLException when the pair does not load, with the reason
   */
  public static SslContext context(byte[] certChainPem, byte[] keyPem) throws SSLException {
    try {
      return configure(SslContextBuilder.forServer(new ByteArrayInputStream(certChainPem), new ByteArrayInputStream(keyPem)));
    } catch (IllegalArgumentException e) {
      throw new SSLException(e.getMessage(), e);
    }
  }

  private static SslContext configure(SslContextBuilder b) throws SSLException {
    return b.sslProvider(OpenSsl.isAvailable() ? SslProvider.OPENSSL : SslProvider.JDK).protocols("TLSv1.3", "TLSv1.2")
        .ciphers(Http2SecurityUtil.CIPHERS, SupportedCipherSuiteFilter.INSTANCE)
        .applicationProtocolConfig(new ApplicationProtocolConfig(ApplicationProtocolConfig.Protocol.ALPN,
            ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE, ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT,
            ApplicationProtocolNames.HTTP_2, ApplicationProtocolNames.HTTP_1_1))
        .build();
  }

  /** Serve these from the next handshake on: names ({@code foo.com}, {@code *.foo.com}) to contexts. */
  public void update(Map<String, SslContext> contexts) {
    DomainWildcardMappingBuilder<SslContext> b = new DomainWildcardMappingBuilder<>(fallback);
    contexts.forEach(b::add);
    byName = b.build();
  }

  @Override
  public SslContext map(String serverName) {
    return serverName == null ? fallback : byName.map(serverName);
  }
}
