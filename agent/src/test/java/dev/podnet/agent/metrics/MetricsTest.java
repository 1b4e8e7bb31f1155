package dev.podnet.agent.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

class MetricsTest {

  @Test
  void histogramBucketsAreCumulativeWithInfSumAndCount() {
    Metrics m = new Metrics();
    Metrics.Histogram h = m.histogram("kubeproxy_sync_proxy_rules_duration_seconds", "SyncProxyRules latency in seconds", new double[] {0.001, 0.01, 0.1});
    h.observeSeconds(0.0005);
    h.observeSeconds(0.05);
    h.observeSeconds(3);
    assertThat(m.render()).contains("# HELP kubeproxy_sync_proxy_rules_duration_seconds SyncProxyRules latency in seconds\n"
        + "# TYPE kubeproxy_sync_proxy_rules_duration_seconds histogram\n"
        + "kubeproxy_sync_proxy_rules_duration_seconds_bucket{le=\"0.001\"} 1\n"
        + "kubeproxy_sync_proxy_rules_duration_seconds_bucket{le=\"0.01\"} 1\n"
        + "kubeproxy_sync_proxy_rules_duration_seconds_bucket{le=\"0.1\"} 2\n"
        + "kubeproxy_sync_proxy_rules_duration_seconds_bucket{le=\"+Inf\"} 3\n"
        + "kubeproxy_sync_proxy_rules_duration_seconds_sum 3.0505\n"
        + "kubeproxy_sync_proxy_rules_duration_seconds_count 3\n");
  }

  @Test
  void countersAndGaugesRenderWithTheirTypeSortedByName() {
    Metrics m = new Metrics();
    m.counter("podnet_cni_errors_total", "CNI requests answered with an error").inc();
    m.gauge("podnet_conntrack_entries", "Conntrack entries", () -> 42);
    assertThat(m.render()).isEqualTo("# HELP podnet_cni_errors_total CNI requests answered with an error\n# TYPE podnet_cni_errors_total counter\n"
        + "podnet_cni_errors_total 1\n# HELP podnet_conntrack_entries Conntrack entries\n# TYPE podnet_conntrack_entries gauge\n"
        + "podnet_conntrack_entries 42\n");
  }

  @Test
  void theServerAnswersAScrapeInTheTextFormat() throws Exception {
    Metrics m = new Metrics();
    m.counter("podnet_routing_sync_failures_total", "Failed routing reconciles");
    try (MetricsServer server = MetricsServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), m)) {
      HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/metrics")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(r.headers().firstValue("Content-Type")).hasValue("text/plain; version=0.0.4; charset=utf-8");
      assertThat(r.body()).contains("podnet_routing_sync_failures_total 0\n");
    }
  }
}
