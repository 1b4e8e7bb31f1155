package dev.podnet.dns;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DnsServerTest {
  private TestServer dns;

  @AfterEach
  void stop() {
    if (dns != null) {
      dns.close();
    }
  }

  private void start(List<InetSocketAddress> upstreams) throws Exception {
    dns = new TestServer("cluster.local", upstreams);
    dns.cluster.putService(KubeZoneTest.clusterIp("default", "kubernetes", "10.96.0.1",
        new ServiceEntry.Port("https", "tcp", 443)));
  }

  /** A headless Service with {@code n} ready endpoints, so its answer is about 16 bytes per endpoint past the question. */
  private void bigHeadless(int n) {
    dns.cluster.putService(KubeZoneTest.headless("default", "big", false));
    List<SliceEntry.Endpoint> eps = new java.util.ArrayList<>();
    for (int i = 0; i < n; i++) {
      eps.add(KubeZoneTest.ep("10.244." + (i / 250) + "." + (i % 250 + 1), null, true));
    }
    dns.cluster.putSlice(new SliceEntry("default", "big-1", "big", List.of(), eps));
  }

  @Test
  void answersOverUdpAndTcpWithTheAuthoritativeBit() throws Exception {
    start(List.of());
    for (Wire.Reply r : List.of(dns.udp("kubernetes.default.svc.cluster.local.", Rdata.A),
        dns.tcp("kubernetes.default.svc.cluster.local.", Rdata.A))) {
      assertThat(r.rcode()).isZero();
      assertThat(r.aa()).isTrue();
      assertThat(r.answer()).containsExactly("kubernetes.default.svc.cluster.local. A 30 10.96.0.1");
    }
  }

  @Test
  void nxdomainCarriesTheSoaInTheAuthoritySection() throws Exception {
    start(List.of());
    Wire.Reply r = dns.udp("nope.default.svc.cluster.local.", Rdata.A);
    assertThat(r.rcode()).isEqualTo(3);
    assertThat(r.answer()).isEmpty();
    assertThat(r.authority()).singleElement().asString().startsWith("cluster.local. SOA 30 ns.dns.cluster.local.");
  }

  @Test
  void largeUdpAnswerIsTruncatedAndComesWholeOverTcp() throws Exception {
    start(List.of());
    bigHeadless(100);
    Wire.Reply udp = dns.udp("big.default.svc.cluster.local.", Rdata.A);
    assertThat(udp.tc()).isTrue();
    assertThat(udp.answer()).isEmpty();
    Wire.Reply tcp = dns.tcp("big.default.svc.cluster.local.", Rdata.A);
    assertThat(tcp.tc()).isFalse();
    assertThat(tcp.answer()).hasSize(100);
  }

  @Test
  void edns0RaisesTheUdpLimitAndIsEchoed() throws Exception {
    start(List.of());
    bigHeadless(40);
    byte[] q = Wire.query(9, "big.default.svc.cluster.local.", Rdata.A, 4096);
    Wire.Reply r = Wire.parse(dns.udp(q, Duration.ofSeconds(2)).orElseThrow());
    assertThat(r.tc()).isFalse();
    assertThat(r.answer()).hasSize(40);
    assertThat(r.additional()).contains("OPT " + Replies.EDNS_PAYLOAD);
  }

  @Test
  void withoutUpstreamsOutsideNamesFailAtOnce() throws Exception {
    start(List.of());
    long t0 = System.nanoTime();
    Wire.Reply r = dns.udp("example.com.", Rdata.A);
    assertThat(r.rcode()).isEqualTo(2);
    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(1));
  }

  @Test
  void anUpstreamThatDoesNotListenGivesServfailWellWithinASecond() throws Exception {
    int closedPort;
    try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      closedPort = s.getLocalPort();
    }
    start(List.of(new InetSocketAddress(InetAddress.getLoopbackAddress(), closedPort)));
    for (int i = 0; i < 3; i++) {
      long t0 = System.nanoTime();
      assertThat(dns.udp("example" + i + ".com.", Rdata.A).rcode()).isEqualTo(2);
      assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(1));
    }
  }

  @Test
  void aSilentUpstreamCostsTheTimeoutThreeTimesThenIsSkipped() throws Exception {
    try (DatagramSocket blackHole = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      start(List.of(new InetSocketAddress(InetAddress.getLoopbackAddress(), blackHole.getLocalPort())));
      for (int i = 0; i < 3; i++) {
        long t0 = System.nanoTime();
        assertThat(dns.udp("slow" + i + ".example.", Rdata.A).rcode()).isEqualTo(2);
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThanOrEqualTo(Duration.ofMillis(250));
      }
      long t0 = System.nanoTime();
      assertThat(dns.udp("fast.example.", Rdata.A).rcode()).isEqualTo(2);
      assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofMillis(250));
    }
  }

  @Test
  void outsideNamesAreRelayedToTheUpstreamAndCached() throws Exception {
    try (TestServer upstream = new TestServer("example.org", List.of())) {
      upstream.cluster.putService(KubeZoneTest.clusterIp("ns", "www", "192.0.2.7"));
      start(List.of(upstream.address()));
      Wire.Reply r = dns.udp("www.ns.svc.example.org.", Rdata.A);
      assertThat(r.id()).isEqualTo(4242);
      assertThat(r.answer()).containsExactly("www.ns.svc.example.org. A 30 192.0.2.7");
      assertThat(dns.tcp("nope.ns.svc.example.org.", Rdata.A).rcode()).isEqualTo(3);
      upstream.cluster.deleteService("ns", "www");
      assertThat(dns.udp("www.ns.svc.example.org.", Rdata.A).answer()).hasSize(1);
      assertThat(dns.metrics.render()).contains("coredns_cache_hits_total{server=\"dns://:53\",type=\"success\"");
    }
  }

  @Test
  void autopathAnswersASearchPathMissWithACnameToTheNameThePodWouldFindNext() throws Exception {
    start(List.of());
    dns.cluster.putService(KubeZoneTest.clusterIp("web", "hello", "10.96.5.5"));
    String miss = "hello.web.default.svc.cluster.local.";
    assertThat(dns.udp(miss, Rdata.A).rcode()).as("a client that is no known pod").isEqualTo(3);
    dns.autopath.putPod("default", "client", List.of(InetAddress.getLoopbackAddress()));
    Wire.Reply r = dns.udp(miss, Rdata.A);
    assertThat(r.rcode()).isZero();
    assertThat(r.answer()).containsExactly(miss + " CNAME 30 hello.web.svc.cluster.local.", "hello.web.svc.cluster.local. A 30 10.96.5.5");
    Wire.Reply aaaa = dns.tcp(miss, Rdata.AAAA);
    assertThat(aaaa.answer()).containsExactly(miss + " CNAME 30 hello.web.svc.cluster.local.");
    assertThat(aaaa.authority()).hasSize(1);
    assertThat(dns.udp("nothing.default.svc.cluster.local.", Rdata.A).rcode()).as("nothing further down the path").isEqualTo(3);
    dns.autopath.putPod("other", "client", List.of(InetAddress.getLoopbackAddress()));
    dns.autopath.deletePod("default", "client");
    assertThat(dns.udp(miss, Rdata.A).rcode()).as("the suffix is not this pod's namespace").isEqualTo(3);
  }

  @Test
  void metricsUseCoreDnsNames() throws Exception {
    start(List.of());
    dns.udp("kubernetes.default.svc.cluster.local.", Rdata.A);
    String text = dns.metrics.render();
    assertThat(text).contains("coredns_dns_requests_total{server=\"dns://:53\",zone=\".\",view=\"\",proto=\"udp\",family=\"1\",type=\"A\"} 1");
    assertThat(text).contains("coredns_dns_responses_total{server=\"dns://:53\",zone=\".\",view=\"\",rcode=\"NOERROR\",plugin=\"kubernetes\"} 1");
    assertThat(text).contains("coredns_dns_request_duration_seconds_count{server=\"dns://:53\",zone=\".\",view=\"\",type=\"A\"} 1");
  }
}
