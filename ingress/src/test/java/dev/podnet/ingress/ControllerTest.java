package dev.podnet.ingress;

import static org.assertj.core.api.Assertions.assertThat;

import dev.podnet.ingress.proxy.RequestRecord;
import dev.podnet.ingress.route.Site;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.IngressClass;
import io.fabric8.kubernetes.api.model.networking.v1.IngressClassBuilder;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ControllerTest {
  private static IngressClass ingressClass(String name, String controller, boolean isDefault) {
    IngressClassBuilder b = new IngressClassBuilder().withNewMetadata().withName(name).endMetadata().withNewSpec().withController(controller).endSpec();
    if (isDefault) {
      b.editMetadata().addToAnnotations(ClassFilter.DEFAULT_CLASS, "true").endMetadata();
    }
    return b.build();
  }

  private static Ingress ingress(String className, String annotationClass) {
    IngressBuilder b = new IngressBuilder().withNewMetadata().withNamespace("default").withName("web").endMetadata().withNewSpec()
        .withIngressClassName(className).endSpec();
    if (annotationClass != null) {
      b.editMetadata().addToAnnotations(ClassFilter.CLASS_ANNOTATION, annotationClass).endMetadata();
    }
    return b.build();
  }

  @Test
  void anIngressIsOursWhenItNamesOneOfOurClassesByFieldOrAnnotation() {
    ClassFilter f = ClassFilter.of(List.of(ingressClass("podnet", "podnet.dev/ingress", false), ingressClass("nginx", "k8s.io/ingress-nginx", true)),
        "podnet.dev/ingress");
    assertThat(f.isOurs(ingress("podnet", null))).isTrue();
    assertThat(f.isOurs(ingress(null, "podnet"))).isTrue();
    assertThat(f.isOurs(ingress("nginx", null))).isFalse();
    assertThat(f.isOurs(ingress("unknown", null))).isFalse();
    assertThat(f.isOurs(ingress(null, null))).as("the default class is nginx's").isFalse();
  }

  @Test
  void anIngressWithoutAClassIsOursOnlyWhenOurClassIsTheDefault() {
    ClassFilter f = ClassFilter.of(List.of(ingressClass("podnet", "podnet.dev/ingress", true)), "podnet.dev/ingress");
    assertThat(f.isOurs(ingress(null, null))).isTrue();
    assertThat(ClassFilter.of(List.of(), "podnet.dev/ingress").isOurs(ingress("podnet", null))).as("no IngressClass object, no routing").isFalse();
  }

  @Test
  void ingressesShowTheControllerServicesLoadBalancerAddressOnceItHasOne() {
    var pending = new ServiceBuilder().withNewMetadata().withName("controller").endMetadata().build();
    assertThat(StatusPublisher.addresses(Optional.of(pending))).isEmpty();
    assertThat(StatusPublisher.addresses(Optional.empty())).isEmpty();
    var ready = new ServiceBuilder(pending).withNewStatus().withNewLoadBalancer().addNewIngress().withIp("172.18.255.200").endIngress()
        .endLoadBalancer().endStatus().build();
    assertThat(StatusPublisher.addresses(Optional.of(ready))).singleElement().satisfies(a -> assertThat(a.getIp()).isEqualTo("172.18.255.200"));
  }

  @Test
  void metricsCountRequestsBySiteAndStatusAndUpstreamLatency() {
    Metrics m = new Metrics();
    Site site = new Site("default/web", "foo.com", "/");
    m.record(new RequestRecord(site, "10.0.0.1", "GET", "/", "HTTP/1.1", 200, 10, 2_000_000, "default/web:80", "10.244.1.5:8080", 1_500_000, "id", "ua"));
    m.record(new RequestRecord(site, "10.0.0.1", "GET", "/", "HTTP/1.1", 200, 10, 2_000_000, "default/web:80", "10.244.1.5:8080", 1_500_000, "id", "ua"));
    m.record(new RequestRecord(Site.NONE, "10.0.0.1", "GET", "/x", "HTTP/1.1", 404, 10, 100_000, "-", "-", -1, "id", "ua"));
    String text = m.render();
    assertThat(text).contains("podnet_ingress_requests_total{ingress=\"default/web\",host=\"foo.com\",path=\"/\",status=\"200\"} 2")
        .contains("podnet_ingress_requests_total{ingress=\"\",host=\"*\",path=\"\",status=\"404\"} 1")
        .contains("podnet_ingress_upstream_latency_seconds_bucket{ingress=\"default/web\",le=\"0.0025\"} 2")
        .contains("podnet_ingress_upstream_latency_seconds_count{ingress=\"default/web\"} 2");
  }

  @Test
  void metricsSumTheCountsOfEveryThreadAndEveryStatusSeen() throws Exception {
    Metrics m = new Metrics();
    Site site = new Site("default/web", "foo.com", "/");
    Site sameSiteNextTable = new Site("default/web", "foo.com", "/"); // a rebuilt route table's equal site counts on
    Thread[] loops = new Thread[2];
    for (int t = 0; t < loops.length; t++) {
      loops[t] = new Thread(() -> {
        for (int i = 0; i < 10_000; i++) {
          int status = i % 10 == 0 ? 503 : 200;
          m.record(new RequestRecord(i % 2 == 0 ? site : sameSiteNextTable, "10.0.0.1", "GET", "/", "HTTP/1.1", status, 10, 2_000_000,
              "default/web:80", "10.244.1.5:8080", status == 503 ? -1 : 20_000_000, "id", "ua"));
        }
      });
      loops[t].start();
    }
    String during = m.render(); // a scrape while the loops count must not fail
    for (Thread t : loops) {
      t.join();
    }
    assertThat(during).startsWith("# HELP");
    String text = m.render();
    assertThat(text).contains("podnet_ingress_requests_total{ingress=\"default/web\",host=\"foo.com\",path=\"/\",status=\"200\"} 18000\n")
        .contains("podnet_ingress_requests_total{ingress=\"default/web\",host=\"foo.com\",path=\"/\",status=\"503\"} 2000\n")
        .contains("podnet_ingress_upstream_latency_seconds_bucket{ingress=\"default/web\",le=\"0.01\"} 0\n")
        .contains("podnet_ingress_upstream_latency_seconds_bucket{ingress=\"default/web\",le=\"0.025\"} 18000\n")
        .contains("podnet_ingress_upstream_latency_seconds_sum{ingress=\"default/web\"} 360.0\n")
        .contains("podnet_ingress_upstream_latency_seconds_count{ingress=\"default/web\"} 18000\n");
  }

  @Test
  void accessLogLinesReadLikeIngressNginxs() {
    String line = AccessLog.line(new RequestRecord(new Site("default/web", "foo.com", "/"), "10.0.0.1", "GET", "/a?b", "HTTP/1.1", 200, 12,
        3_000_000, "default/web:80", "10.244.1.5:8080", 2_000_000, "abc", "curl/8"));
    assertThat(line).matches("10\\.0\\.0\\.1 - - \\[.+\\] \"GET /a\\?b HTTP/1\\.1\" 200 12 \"-\" \"curl/8\" 0\\.003 \\[default/web:80\\] "
        + "10\\.244\\.1\\.5:8080 0\\.002 abc\n");
  }

  @Test
  void flagsHaveIngressNginxsDefaultsAndUnknownOnesAreRefused() {
    IngressConfig c = IngressConfig.parse(new String[0]);
    assertThat(c.httpPort()).isEqualTo(80);
    assertThat(c.httpsPort()).isEqualTo(443);
    assertThat(c.statusPort()).isEqualTo(10254);
    assertThat(c.publishService()).isEqualTo("podnet-ingress/controller");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> IngressConfig.parse(new String[] {"--bogus", "1"}))
        .hasMessageStartingWith("unknown flag --bogus");
  }
}
