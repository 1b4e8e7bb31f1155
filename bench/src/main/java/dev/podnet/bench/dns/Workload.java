package dev.podnet.bench.dns;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * The names of the benchmark: {@code n} ClusterIP Services {@code svc-I} in namespace
 * {@code bench} with fixed ClusterIPs, the same names as a zone file for the C server, and the
 * query mix the issue asks for, as a dnsperf data file:
 * <pre>
 *   30%  search-path hit from namespace default: svc-I.bench.default.svc.cluster.local (NXDOMAIN), then svc-I.bench.svc.cluster.local
 *   25%  FQDN hit, A                                  10%  FQDN AAAA (NODATA: the Services are IPv4-only)
 *   15%  SRV _http._tcp.svc-I.bench.svc.cluster.local  20%  miss: nope-I.bench.svc.cluster.local (NXDOMAIN)
 * </pre>
 */
final class Workload {
  static final String NAMESPACE = "bench";
  static final String ZONE = "cluster.local";
  private final int services;

  Workload(int services) {
    this.services = services;
  }

  /** 10.100.0.1 upwards: inside the service CIDR 10.96.0.0/12, clear of the allocator's low addresses. */
  static String clusterIp(int i) {
    return "10." + (100 + i / 62500) + "." + (i / 250 % 250) + "." + (i % 250 + 1);
  }

  String serviceJson(int i) {
    return "{\"apiVersion\":\"v1\",\"kind\":\"Service\",\"metadata\":{\"name\":\"svc-" + i + "\",\"namespace\":\"" + NAMESPACE + "\"},"
        + "\"spec\":{\"clusterIP\":\"" + clusterIp(i) + "\",\"ports\":[{\"name\":\"http\",\"port\":80,\"protocol\":\"TCP\"}]}}";
  }

  /** The same names as an authoritative zone for Knot. */
  String zoneFile() {
    StringBuilder z = new StringBuilder(services * 120);
    z.append("$ORIGIN ").append(ZONE).append(".\n$TTL 30\n");
    z.append("@ SOA ns.dns.").append(ZONE).append(". hostmaster.").append(ZONE).append(". 1 7200 1800 86400 30\n");
    z.append("@ NS ns.dns.").append(ZONE).append(".\nns.dns A 10.96.0.10\n");
    for (int i = 0; i < services; i++) {
      String svc = "svc-" + i + "." + NAMESPACE + ".svc";
      z.append(svc).append(" A ").append(clusterIp(i)).append('\n');
      z.append("_http._tcp.").append(svc).append(" SRV 0 100 80 ").append(svc).append('\n');
    }
    return z.toString();
  }

  /** dnsperf's input: one "NAME TYPE" per line, shuffled with a fixed seed. */
  String queries(int lines) {
    Random r = new Random(11);
    List<String> out = new ArrayList<>(lines + 1);
    while (out.size() < lines) {
      int i = r.nextInt(services);
      String fqdn = "svc-" + i + "." + NAMESPACE + ".svc." + ZONE;
      int pick = r.nextInt(100);
      if (pick < 30) {
        out.add("svc-" + i + "." + NAMESPACE + ".default.svc." + ZONE + " A");
        out.add(fqdn + " A");
      } else if (pick < 55) {
        out.add(fqdn + " A");
      } else if (pick < 65) {
        out.add(fqdn + " AAAA");
      } else if (pick < 80) {
        out.add("_http._tcp." + fqdn + " SRV");
      } else {
        out.add("nope-" + i + "." + NAMESPACE + ".svc." + ZONE + " A");
      }
    }
    Collections.shuffle(out, r);
    return String.join("\n", out) + "\n";
  }
}
