package dev.podnet.dns;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The search path walked on the server, as CoreDNS's autopath plugin does, so a pod's lookup of
 * {@code hello.other} costs one round trip instead of an NXDOMAIN per search suffix: when a pod
 * in namespace N asks {@code NAME.N.svc.ZONE} (its first search suffix) and that does not exist,
 * the server tries {@code NAME.svc.ZONE} and {@code NAME.ZONE} itself and answers with a CNAME to
 * the first that exists. The client's namespace comes from its source address; unlike CoreDNS
 * (which needs "pods verified", a cache of every Pod), only address → namespace is kept.
 */
final class Autopath {
  private final String zone;
  private final KubeZone kube;
  /** Pod IP → namespace; namespace strings are shared, so an entry is an address and a reference. */
  private final Map<InetAddress, String> podNamespaces = new ConcurrentHashMap<>();
  private final Map<String, String> namespaces = new ConcurrentHashMap<>();
  private final Map<String, List<InetAddress>> podAddresses = new ConcurrentHashMap<>();

  Autopath(String zone, KubeZone kube) {
    this.zone = zone.toLowerCase(Locale.ROOT);
    this.kube = kube;
  }

  void putPod(String namespace, String name, List<InetAddress> ips) {
    String ns = namespaces.computeIfAbsent(namespace, n -> n);
    List<InetAddress> old = podAddresses.put(ns + "/" + name, List.copyOf(ips));
    if (old != null) {
      old.forEach(ip -> podNamespaces.remove(ip, ns));
    }
    ips.forEach(ip -> podNamespaces.put(ip, ns));
  }

  void deletePod(String namespace, String name) {
    List<InetAddress> old = podAddresses.remove(namespace + "/" + name);
    if (old != null) {
      old.forEach(ip -> podNamespaces.remove(ip, namespace));
    }
  }

  /** The answer for {@code qname} walked along the client's search path, if that finds a name; {@code first} is the zone's own answer. */
  Optional<Answer> walk(String qname, int qtype, Answer first, InetAddress client) {
    if (first.rcode() != Answer.Rcode.NXDOMAIN) {
      return Optional.empty();
    }
    String ns = podNamespaces.get(client);
    String suffix = ns == null ? null : "." + ns + ".svc." + zone + ".";
    if (suffix == null || !qname.toLowerCase(Locale.ROOT).endsWith(suffix) || qname.length() == suffix.length()) {
      return Optional.empty();
    }
    String base = qname.substring(0, qname.length() - suffix.length());
    for (String next : List.of(base + ".svc." + zone + ".", base + "." + zone + ".")) {
      Answer a = kube.answer(next, qtype);
      if (a.rcode() == Answer.Rcode.NOERROR) {
        List<Rr> records = new ArrayList<>();
        records.add(new Rr(qname, first.authority().get(0).ttl(), new Rdata.Cname(next)));
        records.addAll(a.answer());
        return Optional.of(new Answer(Answer.Rcode.NOERROR, true, records, a.answer().isEmpty() ? a.authority() : List.of(),
            a.additional()));
      }
    }
    return Optional.empty();
  }

  int pods() {
    return podAddresses.size();
  }
}
