package dev.podnet.daemon.pki;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;

/**
 * What a leaf certificate says: common name and organizations (user and groups to the API
 * server), the names and addresses it serves, and whether it is for a server or a client.
 */
public record CertificateRequest(String commonName, List<String> organizations, List<String> dnsNames, List<InetAddress> ipAddresses,
    Usage usage, Duration validity) {

  public enum Usage { SERVER, CLIENT }

  public CertificateRequest {
    organizations = List.copyOf(organizations);
    dnsNames = List.copyOf(dnsNames);
    ipAddresses = List.copyOf(ipAddresses);
  }
}
