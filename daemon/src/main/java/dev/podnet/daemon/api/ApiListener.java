package dev.podnet.daemon.api;

import io.netty.handler.ssl.SslContext;
import java.net.InetSocketAddress;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where the API is served and how a caller is known there: the root-only unix socket is the
 * admin by construction; on HTTPS the caller is whoever its client certificate or bearer token
 * proves, else {@link Caller#ANONYMOUS}.
 */
public sealed interface ApiListener {

  record Unix(java.nio.file.Path socket) implements ApiListener {}

  record Https(InetSocketAddress address, SslContext ssl, Authentication authentication) implements ApiListener {}

  /** Who a request on HTTPS comes from. */
  interface Authentication {
    /**
     * @param peerCertificates the client's verified certificate chain, empty when it sent none
     * @param headers          the request's headers, names in lower case
     */
    Optional<Caller> authenticate(List<X509Certificate> peerCertificates, Map<String, String> headers);
  }
}
