package dev.podnet.lab.runtime;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodDNSConfig;
import io.fabric8.kubernetes.api.model.PodDNSConfigOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The files kubelet writes for a pod and bind-mounts into each container: {@code /etc/hosts}
 * (pod name → pod IP) and {@code /etc/resolv.conf} (per dnsPolicy). Pure text.
 */
public final class PodFiles {
  public static final String CLUSTER_DOMAIN = "cluster.local";
  public static final String CLUSTER_DNS = "10.96.0.10";

  private PodFiles() {}

  /** The pod's hostname: {@code spec.hostname} if set, else the pod name (truncated to 63 like kubelet). */
  public static String hostname(Pod pod) {
    String h = pod.getSpec().getHostname();
    String n = h == null || h.isEmpty() ? pod.getMetadata().getName() : h;
    return n.length() > 63 ? n.substring(0, 63).replaceAll("[-.]+$", "") : n;
  }

  /** kubelet's managed hosts file; with a subdomain the FQDN comes first. */
  public static String hosts(Pod pod, String podIp) {
    StringBuilder b = new StringBuilder("# Kubernetes-managed hosts file.\n");
    b.append("127.0.0.1\tlocalhost\n");
    b.append("::1\tlocalhost ip6-localhost ip6-loopback\n");
    b.append("fe00::0\tip6-localnet\nfe00::0\tip6-mcastprefix\nfe00::1\tip6-allnodes\nfe00::2\tip6-allrouters\n");
    String host = hostname(pod);
    String sub = pod.getSpec().getSubdomain();
    if (sub != null && !sub.isEmpty()) {
      b.append(podIp).append('\t').append(host).append('.').append(sub).append('.').append(pod.getMetadata().getNamespace())
          .append(".svc.").append(CLUSTER_DOMAIN).append('\t').append(host).append('\n');
    } else {
      b.append(podIp).append('\t').append(host).append('\n');
    }
    return b.toString();
  }

  /** resolv.conf for the pod's dnsPolicy; {@code nodeResolv} is what the node itself uses. */
  public static String resolvConf(Pod pod, String nodeResolv) {
    String policy = pod.getSpec().getDnsPolicy() == null ? "ClusterFirst" : pod.getSpec().getDnsPolicy();
    boolean host = Boolean.TRUE.equals(pod.getSpec().getHostNetwork());
    List<String> servers = new ArrayList<>();
    List<String> search = new ArrayList<>();
    List<String> options = new ArrayList<>();
    if (policy.equals("Default") || (policy.equals("ClusterFirst") && host)) {
      return nodeResolv;
    }
    if (!policy.equals("None")) {
      String ns = pod.getMetadata().getNamespace();
      servers.add(CLUSTER_DNS);
      search.addAll(List.of(ns + ".svc." + CLUSTER_DOMAIN, "svc." + CLUSTER_DOMAIN, CLUSTER_DOMAIN));
      options.add("ndots:5");
    }
    PodDNSConfig cfg = pod.getSpec().getDnsConfig();
    if (cfg != null) {
      servers.addAll(cfg.getNameservers());
      search.addAll(cfg.getSearches());
      for (PodDNSConfigOption o : cfg.getOptions()) {
        options.removeIf(x -> x.startsWith(o.getName() + ":") || x.equals(o.getName()));
        options.add(o.getValue() == null ? o.getName() : o.getName() + ":" + o.getValue());
      }
    }
    // kubelet: duplicates dropped (first wins), then at most 3 nameservers and 32 search domains
    servers = servers.stream().distinct().limit(3).toList();
    search = search.stream().distinct().limit(32).toList();
    StringBuilder b = new StringBuilder();
    if (!search.isEmpty()) {
      b.append("search ").append(String.join(" ", search)).append('\n');
    }
    servers.forEach(s -> b.append("nameserver ").append(s).append('\n'));
    if (!options.isEmpty()) {
      b.append("options ").append(String.join(" ", options)).append('\n');
    }
    return b.toString();
  }
}
