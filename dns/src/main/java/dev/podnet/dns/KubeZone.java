package dev.podnet.dns;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The Kubernetes DNS-Based Service Discovery specification (schema 1.1.0) for one cluster
 * domain, answered from {@link ClusterRecords} alone: no API call per query.
 *
 * <pre>
 *   SVC.NS.svc.ZONE                 A/AAAA  ClusterIPs; headless: each ready endpoint; ExternalName: CNAME
 *   HOST.SVC.NS.svc.ZONE            A/AAAA  a headless endpoint by hostname (or its dashed address)
 *   _PORT._PROTO.SVC.NS.svc.ZONE    SRV     named ports: one target, or one per headless endpoint
 *   A-B-C-D.NS.pod.ZONE             A       the address in the name (CoreDNS "pods insecure")
 *   dns-version.ZONE                TXT     the schema version
 * </pre>
 * Reverse names go to {@link #reverse}. A name that exists with no record of the asked type is
 * NODATA, anything else NXDOMAIN; both carry the SOA.
 */
public final class KubeZone {
  static final String SCHEMA_VERSION = "1.1.0";

  private final String zone;
  private final long ttl;
  private final ClusterRecords cluster;
  private final Rr soa;

  public KubeZone(String zone, long ttl, ClusterRecords cluster) {
    this.zone = zone.toLowerCase(Locale.ROOT);
    this.ttl = ttl;
    this.cluster = cluster;
    // serial: start time, as CoreDNS does; the zone changes continuously, secondaries do not exist
    this.soa = new Rr(this.zone + ".", ttl, new Rdata.Soa("ns.dns." + this.zone + ".", "hostmaster." + this.zone + ".",
        System.currentTimeMillis() / 1000, 7200, 1800, 86400, (int) ttl));
  }

  /** Whether {@code qname} (absolute, any case) is in this zone. */
  public boolean contains(String qname) {
    String n = qname.toLowerCase(Locale.ROOT);
    return n.equals(zone + ".") || n.endsWith("." + zone + ".");
  }

  /** The answer for a name in this zone; {@code qname} is echoed as asked (resolvers match case). */
  public Answer answer(String qname, int qtype) {
    String n = qname.toLowerCase(Locale.ROOT);
    String rest = n.length() == zone.length() + 1 ? "" : n.substring(0, n.length() - zone.length() - 2);
    String[] labels = rest.isEmpty() ? new String[0] : rest.split("\\.", -1);
    return switch (labels.length) {
      case 0 -> apex(qtype);
      case 1 -> one(qname, labels[0], qtype);
      case 2 -> labels[1].equals("svc") || labels[1].equals("pod") ? namespace(labels[0]) : nx();
      case 3 -> three(qname, labels, qtype);
      case 4 -> labels[3].equals("svc") ? endpoint(qname, labels, qtype) : nx();
      case 5 -> labels[4].equals("svc") ? srv(qname, labels, qtype) : nx();
      default -> nx();
    };
  }

  private Answer apex(int qtype) {
    if (qtype == Rdata.SOA) {
      return Answer.records(List.of(soa), List.of());
    }
    return Answer.noData(soa);
  }

  private Answer one(String qname, String label, int qtype) {
    if (label.equals("dns-version")) {
      return qtype == Rdata.TXT ? single(qname, new Rdata.Txt(SCHEMA_VERSION)) : Answer.noData(soa);
    }
    // svc. and pod. exist as empty non-terminals below the apex
    return label.equals("svc") || label.equals("pod") ? Answer.noData(soa) : nx();
  }

  private Answer namespace(String ns) {
    return cluster.hasNamespace(ns) ? Answer.noData(soa) : nx();
  }

  private Answer three(String qname, String[] l, int qtype) {
    if (l[2].equals("pod")) {
      return pod(qname, l[0], qtype);
    }
    if (!l[2].equals("svc")) {
      return nx();
    }
    Optional<ServiceEntry> found = cluster.service(l[1], l[0]);
    if (found.isEmpty()) {
      return nx();
    }
    ServiceEntry s = found.get();
    if (s.externalName().isPresent()) {
      return single(qname, new Rdata.Cname(absolute(s.externalName().get())));
    }
    List<Rr> out = new ArrayList<>();
    if (s.headless()) {
      for (ClusterRecords.NamedEndpoint e : cluster.endpoints(s)) {
        addAddress(out, qname, e.address(), qtype);
      }
    } else {
      for (InetAddress ip : s.clusterIps()) {
        addAddress(out, qname, ip, qtype);
      }
    }
    return out.isEmpty() ? Answer.noData(soa) : Answer.records(out, List.of());
  }

  private Answer endpoint(String qname, String[] l, int qtype) {
    Optional<ServiceEntry> s = cluster.service(l[2], l[1]);
    if (s.isEmpty() || !s.get().headless()) {
      return nx();
    }
    List<Rr> out = new ArrayList<>();
    boolean exists = false;
    for (ClusterRecords.NamedEndpoint e : cluster.endpoints(s.get())) {
      if (e.label().equals(l[0])) {
        exists = true;
        addAddress(out, qname, e.address(), qtype);
      }
    }
    if (!exists) {
      return nx();
    }
    return out.isEmpty() ? Answer.noData(soa) : Answer.records(out, List.of());
  }

  private Answer srv(String qname, String[] l, int qtype) {
    if (!l[0].startsWith("_") || !l[1].startsWith("_")) {
      return nx();
    }
    Optional<ServiceEntry> found = cluster.service(l[3], l[2]);
    if (found.isEmpty() || found.get().externalName().isPresent()) {
      return nx();
    }
    ServiceEntry s = found.get();
    String portName = l[0].substring(1);
    String proto = l[1].substring(1);
    String svcName = s.name() + "." + s.namespace() + ".svc." + zone + ".";
    List<Rr> answers = new ArrayList<>();
    List<Rr> extra = new ArrayList<>();
    if (s.headless()) {
      List<ClusterRecords.NamedEndpoint> eps = cluster.endpoints(s);
      for (ServiceEntry.Port p : cluster.slicePorts(s)) {
        if (p.name().equals(portName) && p.protocol().equals(proto)) {
          for (ClusterRecords.NamedEndpoint e : eps) {
            String target = e.label() + "." + svcName;
            answers.add(new Rr(qname, ttl, new Rdata.Srv(0, weight(eps.size()), p.port(), target)));
            extra.add(new Rr(target, ttl, new Rdata.Address(e.address())));
          }
        }
      }
    } else {
      for (ServiceEntry.Port p : s.ports()) {
        if (p.name().equals(portName) && p.protocol().equals(proto)) {
          answers.add(new Rr(qname, ttl, new Rdata.Srv(0, 100, p.port(), svcName)));
          for (InetAddress ip : s.clusterIps()) {
            extra.add(new Rr(svcName, ttl, new Rdata.Address(ip)));
          }
        }
      }
    }
    if (answers.isEmpty()) {
      return nx();
    }
    return qtype == Rdata.SRV || qtype == Rdata.ANY ? Answer.records(answers, extra) : Answer.noData(soa);
  }

  /** CoreDNS spreads weight 100 over the targets of one SRV name. */
  private static int weight(int targets) {
    return Math.max(1, 100 / Math.max(1, targets));
  }

  private Answer pod(String qname, String label, int qtype) {
    Optional<InetAddress> ip = PodName.address(label);
    if (ip.isEmpty()) {
      return nx();
    }
    List<Rr> out = new ArrayList<>();
    addAddress(out, qname, ip.get(), qtype);
    return out.isEmpty() ? Answer.noData(soa) : Answer.records(out, List.of());
  }

  /** A PTR question for an address of this cluster, if it is one. */
  public Optional<Answer> reverse(String qname, int qtype) {
    Optional<InetAddress> ip = ReverseName.address(qname);
    if (ip.isEmpty()) {
      return Optional.empty();
    }
    Optional<String> target = cluster.ptr(ip.get());
    if (target.isEmpty()) {
      return Optional.empty();
    }
    if (qtype != Rdata.PTR && qtype != Rdata.ANY) {
      return Optional.of(Answer.noData(soa));
    }
    return Optional.of(single(qname, new Rdata.Ptr(target.get())));
  }

  private void addAddress(List<Rr> out, String qname, InetAddress ip, int qtype) {
    Rdata.Address a = new Rdata.Address(ip);
    if (qtype == a.type() || qtype == Rdata.ANY) {
      out.add(new Rr(qname, ttl, a));
    }
  }

  private Answer single(String qname, Rdata data) {
    return Answer.records(List.of(new Rr(qname, ttl, data)), List.of());
  }

  private Answer nx() {
    return Answer.nxDomain(soa);
  }

  private static String absolute(String name) {
    return name.endsWith(".") ? name : name + ".";
  }
}
