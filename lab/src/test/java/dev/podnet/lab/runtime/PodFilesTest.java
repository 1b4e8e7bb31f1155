package dev.podnet.lab.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class PodFilesTest {
  private static Pod pod(String hostname, String subdomain) {
    return new PodBuilder().withNewMetadata().withName("web-0").withNamespace("shop").endMetadata()
        .withNewSpec().withHostname(hostname).withSubdomain(subdomain).endSpec().build();
  }

  @Test
  void hostsMapsThePodNameToItsIp() {
    assertThat(PodFiles.hosts(pod(null, null), "10.244.1.5")).startsWith("# Kubernetes-managed hosts file.\n127.0.0.1\tlocalhost\n")
        .endsWith("10.244.1.5\tweb-0\n");
  }

  @Test
  void aSubdomainPutsTheFqdnFirst() {
    assertThat(PodFiles.hosts(pod("db", "backend"), "10.244.1.5")).endsWith("10.244.1.5\tdb.backend.shop.svc.cluster.local\tdb\n");
    assertThat(PodFiles.hostname(pod("db", "backend"))).isEqualTo("db");
  }

  @Test
  void clusterFirstSearchesThePodsNamespaceFirst() {
    assertThat(PodFiles.resolvConf(pod(null, null), "nameserver 192.0.2.1\n")).isEqualTo("""
        search shop.svc.cluster.local svc.cluster.local cluster.local
        nameserver 10.96.0.10
        options ndots:5
        """);
  }

  @Test
  void hostNetworkPodsWithClusterFirstUseTheNodesResolver() {
    Pod p = pod(null, null);
    p.getSpec().setHostNetwork(true);
    assertThat(PodFiles.resolvConf(p, "nameserver 192.0.2.1\n")).isEqualTo("nameserver 192.0.2.1\n");
  }

  @Test
  void clusterFirstWithHostNetGivesHostNetworkPodsTheClusterResolver() {
    Pod p = pod(null, null);
    p.getSpec().setHostNetwork(true);
    p.getSpec().setDnsPolicy("ClusterFirstWithHostNet");
    assertThat(PodFiles.resolvConf(p, "nameserver 192.0.2.1\n")).contains("nameserver 10.96.0.10\n");
  }

  @Test
  void defaultPolicyUsesTheNodesResolverEvenWithoutHostNetwork() {
    Pod p = pod(null, null);
    p.getSpec().setDnsPolicy("Default");
    assertThat(PodFiles.resolvConf(p, "nameserver 192.0.2.1\n")).isEqualTo("nameserver 192.0.2.1\n");
  }

  @Test
  void noneTakesOnlyTheDnsConfigAndDropsDuplicatesAsKubeletDoes() {
    Pod p = pod(null, null);
    p.getSpec().setDnsPolicy("None");
    p.getSpec().setDnsConfig(new io.fabric8.kubernetes.api.model.PodDNSConfigBuilder()
        .withNameservers("1.1.1.1", "1.1.1.1", "8.8.8.8", "9.9.9.9", "8.8.4.4").withSearches("a.example", "a.example", "b.example")
        .addNewOption().withName("ndots").withValue("2").endOption().addNewOption().withName("edns0").endOption().build());
    assertThat(PodFiles.resolvConf(p, "nameserver 192.0.2.1\n")).isEqualTo("""
        search a.example b.example
        nameserver 1.1.1.1
        nameserver 8.8.8.8
        nameserver 9.9.9.9
        options ndots:2 edns0
        """);
  }

  @Test
  void clusterFirstMergesDnsConfigAfterTheClusterEntriesAndOptionsOverrideByName() {
    Pod p = pod(null, null);
    p.getSpec().setDnsConfig(new io.fabric8.kubernetes.api.model.PodDNSConfigBuilder()
        .withNameservers("10.96.0.10", "1.1.1.1").withSearches("svc.cluster.local", "my.example")
        .addNewOption().withName("ndots").withValue("1").endOption().build());
    assertThat(PodFiles.resolvConf(p, "")).isEqualTo("""
        search shop.svc.cluster.local svc.cluster.local cluster.local my.example
        nameserver 10.96.0.10
        nameserver 1.1.1.1
        options ndots:1
        """);
  }

  @Test
  void theDnsImageRunsThePodnetDnsLauncher() {
    assertThat(Images.argv("podnet/dns", List.of(), List.of("--ttl", "5"))).containsExactly("podnet-dns", "--ttl", "5");
    assertThat(Images.argv("podnet/ingress:latest", List.of(), List.of("--threads", "2"))).containsExactly("podnet-ingress", "--threads", "2");
  }

  @Test
  void commandReplacesTheEntrypointAndArgsItsArguments() {
    assertThat(Images.argv("registry.k8s.io/pause:3.9", List.of(), List.of())).containsExactly("sleep", "infinity");
    assertThat(Images.argv("debian:12", List.of("sleep"), List.of("5"))).containsExactly("sleep", "5");
    assertThat(Images.argv("debian:12", List.of(), List.of("sleep", "5"))).containsExactly("sleep", "5");
    assertThatThrownBy(() -> Images.argv("nginx:1.25", List.of(), List.of()))
        .hasMessageContaining("image \"nginx:1.25\" is not built into podnet and the container has no command");
  }

  @Test
  void envReferencesExpandAndDollarDollarEscapes() {
    var env = new java.util.LinkedHashMap<String, String>();
    env.put("A", "x");
    assertThat(EnvResolver.expand("$(A)-$(B)-$$(A)", env)).isEqualTo("x-$(B)-$(A)");
  }

  @Test
  void backoffDoublesFromTheBaseUpToTheCap() {
    RuntimeConfig c = RuntimeConfig.kubelet(java.nio.file.Path.of("/tmp"));
    assertThat(List.of(c.backoff(0), c.backoff(1), c.backoff(2), c.backoff(6), c.backoff(30)))
        .containsExactly(Duration.ZERO, Duration.ofSeconds(10), Duration.ofSeconds(20), Duration.ofMinutes(5), Duration.ofMinutes(5));
  }
}
