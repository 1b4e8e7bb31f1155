package dev.podnet.daemon.pki;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;

/** A certificate with its private key: what a TLS server presents or a client authenticates with. */
public record Credential(X509Certificate certificate, PrivateKey key) {}
