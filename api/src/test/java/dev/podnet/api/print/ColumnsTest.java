package dev.podnet.api.print;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.podnet.api.Json;
import dev.podnet.api.ResourceType;
import dev.podnet.api.Resources;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ColumnsTest {
  private static final Instant NOW = Instant.parse("2026-12-06T21:00:00Z");

  private static JsonNode json(String text) {
    return Json.read(text.replace('\'', '"'), JsonNode.class);
  }

  @Test
  void everyServedKindHasOneCellPerColumnAndANameColumn() {
    JsonNode empty = json("{'metadata':{'name':'x','creationTimestamp':'2026-12-06T20:59:00Z'}}");
    for (ResourceType t : Resources.all()) {
      Columns c = Columns.of(t);
      assertThat(c.cells(empty, NOW)).as(t.kind()).hasSameSizeAs(c.columns());
      assertThat(c.columns()).as(t.kind()).anySatisfy(col -> assertThat(col.format()).isEqualTo("name"));
    }
  }

  @Test
  void eventsPrintAsKubectlGetEventsDoesWithWideColumnsBetweenTheOthers() {
    JsonNode event = json("{'metadata':{'name':'web.1'},'type':'Normal','reason':'Scheduled','message':' assigned to node-1 ',"
        + "'involvedObject':{'kind':'Pod','name':'web','fieldPath':'spec.containers{a}'},'source':{'component':'scheduler'},"
        + "'firstTimestamp':'2026-12-06T20:55:00Z','lastTimestamp':'2026-12-06T20:59:00Z','count':3}");
    Columns c = Columns.of(Resources.EVENTS);
    assertThat(c.headers(false)).containsExactly("LAST SEEN", "TYPE", "REASON", "OBJECT", "MESSAGE");
    assertThat(c.cells(event, NOW, false)).containsExactly("60s", "Normal", "Scheduled", "pod/web", "assigned to node-1");
    assertThat(c.headers(true)).containsExactly("LAST SEEN", "TYPE", "REASON", "OBJECT", "SUBOBJECT", "SOURCE", "MESSAGE", "FIRST SEEN", "COUNT",
        "NAME");
    assertThat(c.cells(event, NOW, true)).containsExactly("60s", "Normal", "Scheduled", "pod/web", "spec.containers{a}", "scheduler",
        "assigned to node-1", "5m", "3", "web.1");
  }

  @Test
  void aSingletonEventWithoutTimestampsIsSeenAtItsEventTimeOnce() {
    JsonNode event = json("{'metadata':{'name':'e'},'eventTime':'2026-12-06T20:59:30.000000Z','reportingComponent':'podnet',"
        + "'reportingInstance':'node-2','involvedObject':{'kind':'Node','name':'node-2'}}");
    assertThat(Columns.of(Resources.EVENTS).cells(event, NOW, true)).containsExactly("30s", "", "", "node/node-2", "", "podnet, node-2", "",
        "30s", "1", "e");
  }

  @Test
  void replicaSetsConfigMapsSecretsServiceAccountsAndLeasesPrintAsKubectlDoes() {
    JsonNode rs = json("{'metadata':{'name':'web-5d'},'spec':{'replicas':3,'selector':{'matchLabels':{'app':'web'}},"
        + "'template':{'spec':{'containers':[{'name':'a','image':'nginx'}]}}},'status':{'replicas':3,'readyReplicas':2}}");
    assertThat(Columns.of(Resources.REPLICASETS).headers(true)).containsExactly("NAME", "DESIRED", "CURRENT", "READY", "AGE", "CONTAINERS", "IMAGES",
        "SELECTOR");
    assertThat(Columns.of(Resources.REPLICASETS).cells(rs, NOW, true)).containsExactly("web-5d", "3", "3", "2", "<unknown>", "a", "nginx",
        "app=web");
    assertThat(Columns.of(Resources.CONFIGMAPS).cells(json("{'metadata':{'name':'c'},'data':{'a':'1','b':'2'},'binaryData':{'c':'AA=='}}"), NOW,
        false)).containsExactly("c", "3", "<unknown>");
    assertThat(Columns.of(Resources.SECRETS).cells(json("{'metadata':{'name':'s'},'type':'kubernetes.io/tls','data':{'tls.crt':'','tls.key':''}}"),
        NOW, false)).containsExactly("s", "kubernetes.io/tls", "2", "<unknown>");
    assertThat(Columns.of(Resources.SERVICEACCOUNTS).headers(false)).containsExactly("NAME", "SECRETS", "AGE");
    assertThat(Columns.of(Resources.LEASES).cells(json("{'metadata':{'name':'node-1'},'spec':{'holderIdentity':'node-1'}}"), NOW, false))
        .containsExactly("node-1", "node-1", "<unknown>");
  }

  @Test
  void aKindWithoutColumnsOfItsOwnGetsNameAndAgeAsUpstreamsDefaultTable() {
    ResourceType widgets = new ResourceType("Widget", "example.com", "v1", "widgets", "widget", java.util.List.of(), true,
        io.fabric8.kubernetes.api.model.ConfigMap.class);
    JsonNode w = json("{'metadata':{'name':'w','creationTimestamp':'2026-12-06T20:58:00Z'}}");
    assertThat(Columns.of(widgets).headers(true)).containsExactly("NAME", "AGE");
    assertThat(Columns.of(widgets).cells(w, NOW, true)).containsExactly("w", "2m");
  }

  @Test
  void ingressesPrintClassHostsAddressAndPortsAsKubectlDoes() {
    JsonNode ing = json("{'metadata':{'name':'web','creationTimestamp':'2026-12-06T20:59:00Z'},'spec':{'ingressClassName':'podnet',"
        + "'rules':[{'host':'a.com'},{},{'host':'b.com'},{'host':'c.com'},{'host':'d.com'}],'tls':[{'hosts':['a.com']}]},"
        + "'status':{'loadBalancer':{'ingress':[{'ip':'172.18.255.200'},{'ip':'172.18.255.201'}]}}}");
    Columns c = Columns.of(Resources.INGRESSES);
    assertThat(c.headers(false)).containsExactly("NAME", "CLASS", "HOSTS", "ADDRESS", "PORTS", "AGE");
    assertThat(c.cells(ing, NOW, false)).containsExactly("web", "podnet", "a.com,b.com,c.com + 2 more...", "172.18.255.20...", "80, 443", "60s");
    JsonNode bare = json("{'metadata':{'name':'x'},'spec':{'rules':[{}]}}");
    assertThat(c.cells(bare, NOW, false)).containsExactly("x", "<none>", "*", "", "80", "<unknown>");
  }

  @Test
  void ingressClassesPrintTheirControllerAndParameters() {
    JsonNode ic = json("{'metadata':{'name':'podnet'},'spec':{'controller':'podnet.dev/ingress','parameters':{'apiGroup':'k8s.example.com',"
        + "'kind':'IngressParameters','name':'external-lb'}}}");
    Columns c = Columns.of(Resources.INGRESSCLASSES);
    assertThat(c.headers(false)).containsExactly("NAME", "CONTROLLER", "PARAMETERS", "AGE");
    assertThat(c.cells(ic, NOW, false).subList(0, 3)).containsExactly("podnet", "podnet.dev/ingress", "IngressParameters.k8s.example.com/external-lb");
  }
}
