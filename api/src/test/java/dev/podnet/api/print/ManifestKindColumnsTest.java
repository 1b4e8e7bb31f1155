package dev.podnet.api.print;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.podnet.api.Json;
import dev.podnet.api.Resources;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ManifestKindColumnsTest {
  private static final Instant NOW = Instant.parse("2026-12-06T21:00:00Z");

  private static JsonNode json(String text) {
    return Json.read(text.replace('\'', '"'), JsonNode.class);
  }

  @Test
  void aDaemonSetPrintsItsNodeCountsAndNodeSelectorAsKubectlGetDsDoes() {
    JsonNode ds = json("{'metadata':{'name':'podnet','creationTimestamp':'2026-12-06T20:58:00Z'},'spec':{'selector':{'matchLabels':"
        + "{'app':'podnet'}},'template':{'spec':{'nodeSelector':{'kubernetes.io/os':'linux'},'containers':[{'name':'agent','image':'p:1'}]}}},"
        + "'status':{'desiredNumberScheduled':3,'currentNumberScheduled':3,'numberReady':2,'updatedNumberScheduled':3,'numberAvailable':2}}");
    Columns c = Columns.of(Resources.DAEMONSETS);
    assertThat(c.headers(false)).containsExactly("NAME", "DESIRED", "CURRENT", "READY", "UP-TO-DATE", "AVAILABLE", "NODE SELECTOR", "AGE");
    assertThat(c.cells(ds, NOW, true)).containsExactly("podnet", "3", "3", "2", "3", "2", "kubernetes.io/os=linux", "2m", "agent", "p:1",
        "app=podnet");
  }

  @Test
  void rolesPrintWhenTheyWereCreatedAndBindingsTheirRoleAndSubjects() {
    JsonNode role = json("{'metadata':{'name':'system:podnet','creationTimestamp':'2026-12-06T20:58:00Z'}}");
    assertThat(Columns.of(Resources.CLUSTERROLES).headers(false)).containsExactly("NAME", "CREATED AT");
    assertThat(Columns.of(Resources.ROLES).cells(role, NOW, false)).containsExactly("system:podnet", "2026-12-06T20:58:00Z");
    JsonNode binding = json("{'metadata':{'name':'podnet','creationTimestamp':'2026-12-06T20:58:00Z'},'roleRef':{'kind':'ClusterRole',"
        + "'name':'podnet'},'subjects':[{'kind':'ServiceAccount','name':'podnet','namespace':'kube-system'},{'kind':'User','name':'a'},"
        + "{'kind':'User','name':'b'}]}");
    Columns c = Columns.of(Resources.CLUSTERROLEBINDINGS);
    assertThat(c.headers(true)).containsExactly("NAME", "ROLE", "AGE", "USERS", "GROUPS", "SERVICEACCOUNTS");
    assertThat(c.cells(binding, NOW, true)).containsExactly("podnet", "ClusterRole/podnet", "2m", "a, b", "", "kube-system/podnet");
  }
}
