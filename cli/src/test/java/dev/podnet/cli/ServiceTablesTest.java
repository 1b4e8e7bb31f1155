package dev.podnet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.podnet.api.Json;
import dev.podnet.api.Resources;
import dev.podnet.cli.print.ServiceDescription;
import dev.podnet.cli.print.Table;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class ServiceTablesTest {
  private static final Instant NOW = Instant.parse("2024-05-01T10:05:00Z");

  private static JsonNode json(String text) {
    return Json.read(text, JsonNode.class);
  }

  private static final JsonNode WEB = json("""
      {"metadata":{"name":"web","namespace":"default","creationTimestamp":"2024-05-01T10:00:00Z"},
       "spec":{"type":"NodePort","clusterIP":"10.96.4.7","selector":{"app":"web"},"sessionAffinity":"None",
               "ports":[{"name":"http","port":80,"targetPort":"http","nodePort":30080,"protocol":"TCP"}]}}""");
  private static final JsonNode DNS = json("""
      {"metadata":{"name":"dns","creationTimestamp":"2024-05-01T10:00:00Z"},
       "spec":{"clusterIP":"10.96.0.10","externalIPs":["192.0.2.1"],
               "ports":[{"name":"dns","port":53,"protocol":"UDP"},{"name":"dns-tcp","port":53,"protocol":"TCP"}]}}""");
  private static final JsonNode SLICE = json("""
      {"metadata":{"name":"web-abcde","creationTimestamp":"2024-05-01T10:00:00Z"},"addressType":"IPv4",
       "ports":[{"name":"http","port":8080,"protocol":"TCP"}],
       "endpoints":[{"addresses":["10.244.1.2"],"conditions":{"ready":true}},{"addresses":["10.244.1.3"],"conditions":{"ready":true}},
                    {"addresses":["10.244.2.2"],"conditions":{"ready":false}},{"addresses":["10.244.2.3"],"conditions":{"ready":true}},
                    {"addresses":["10.244.3.2"],"conditions":{"ready":true}}]}""");

  @Test
  void servicesPrintAsKubectlPrintsThem() {
    assertThat(Table.of(Resources.SERVICES, List.of(WEB, DNS), NOW, true, false).render()).isEqualTo("""
        NAME   TYPE        CLUSTER-IP   EXTERNAL-IP   PORT(S)         AGE   SELECTOR
        web    NodePort    10.96.4.7    <none>        80:30080/TCP    5m    app=web
        dns    ClusterIP   10.96.0.10   192.0.2.1     53/UDP,53/TCP   5m    <none>
        """);
  }

  @Test
  void endpointSlicesShowThreeAddressesThenHowManyMore() {
    JsonNode empty = json("{\"metadata\":{\"name\":\"web-xyzzy\",\"creationTimestamp\":\"2024-05-01T10:00:00Z\"},\"addressType\":\"IPv4\"}");
    assertThat(Table.of(Resources.ENDPOINTSLICES, List.of(SLICE, empty), NOW, false, false).render()).isEqualTo("""
        NAME        ADDRESSTYPE   PORTS     ENDPOINTS                                      AGE
        web-abcde   IPv4          8080      10.244.1.2,10.244.1.3,10.244.2.2 + 2 more...   5m
        web-xyzzy   IPv4          <unset>   <unset>                                        5m
        """);
  }

  @Test
  void describeServiceListsPortsAndReadyEndpoints() {
    String text = ServiceDescription.of(WEB, List.of(SLICE), List.of(), Clock.fixed(NOW, ZoneOffset.UTC));
    assertThat(text).contains("Selector:          app=web\n", "Type:              NodePort\n", "IP:                10.96.4.7\n",
        "Port:              http  80/TCP\n", "TargetPort:        http/TCP\n", "NodePort:          http  30080/TCP\n",
        "Endpoints:         10.244.1.2:8080,10.244.1.3:8080,10.244.2.3:8080 + 1 more...\n", "Session Affinity:  None\n");
  }
}
