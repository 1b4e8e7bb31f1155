package dev.podnet.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.podnet.api.Resources;
import dev.podnet.api.print.Age;
import dev.podnet.api.print.PodStatus;
import dev.podnet.cli.print.Output;
import dev.podnet.cli.print.TabWriter;
import dev.podnet.cli.print.Table;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import static org.assertj.core.api.Assertions.assertThat;

class TablesTest {
  private static final JsonNode PODS = Fixtures.read("pods.json");

  private static PodStatus pod(String name) {
    for (JsonNode p : PODS.path("items")) {
      if (name.equals(p.path("metadata").path("name").asText())) {
        return PodStatus.of(p);
      }
    }
    throw new IllegalArgumentException(name);
  }

  @Test
  void statusIsTheWaitingOrTerminatedReasonBeforeThePhase() {
    assertThat(pod("web").status()).isEqualTo("Running");
    assertThat(pod("new").status()).isEqualTo("Pending");
    assertThat(pod("creating").status()).isEqualTo("ContainerCreating");
    assertThat(pod("crash").status()).isEqualTo("CrashLoopBackOff");
    assertThat(pod("job").status()).isEqualTo("Completed");
    assertThat(pod("failed").status()).isEqualTo("Error");
    assertThat(pod("going").status()).isEqualTo("Terminating");
    assertThat(pod("pair").status()).isEqualTo("Running");
  }

  @Test
  void readyCountsContainersThatAreReadyAndRunning() {
    assertThat(pod("pair").readyColumn()).isEqualTo("1/2");
    assertThat(pod("crash").readyColumn()).isEqualTo("0/1");
    assertThat(pod("web").readyColumn()).isEqualTo("1/1");
  }

  @Test
  void ageReadsAsKubectlPrintsIt() {
    assertThat(Age.of(Duration.ofSeconds(5))).isEqualTo("5s");
    assertThat(Age.of(Duration.ofSeconds(119))).isEqualTo("119s");
    assertThat(Age.of(Duration.ofSeconds(182))).isEqualTo("3m2s");
    assertThat(Age.of(Duration.ofMinutes(4))).isEqualTo("4m");
    assertThat(Age.of(Duration.ofMinutes(42))).isEqualTo("42m");
    assertThat(Age.of(Duration.ofMinutes(3 * 60 + 5))).isEqualTo("3h5m");
    assertThat(Age.of(Duration.ofHours(20))).isEqualTo("20h");
    assertThat(Age.of(Duration.ofHours(48))).isEqualTo("2d");
    assertThat(Age.of(Duration.ofHours(50))).isEqualTo("2d2h");
    assertThat(Age.of(Duration.ofDays(30))).isEqualTo("30d");
    assertThat(Age.of(Duration.ofDays(365 * 3 + 4))).isEqualTo("3y4d");
    assertThat(Age.of(Duration.ofSeconds(-1))).isEqualTo("0s");
    assertThat(Age.since("", Fixtures.NOW)).isEqualTo("<unknown>");
  }

  @Test
  void podTableIsAlignedLikeKubectls() {
    String text = Table.of(Resources.PODS, Collection.items(PODS), Fixtures.NOW, false, false).render();
    assertThat(text).isEqualTo("""
        NAME       READY   STATUS              RESTARTS      AGE
        web        1/1     Running             0             5s
        new        0/1     Pending             0             3m2s
        creating   0/1     ContainerCreating   0             2d
        crash      0/1     CrashLoopBackOff    5 (30s ago)   10m
        job        0/1     Completed           0             10m
        failed     0/1     Error               0             10m
        going      1/1     Terminating         0             10m
        pair       1/2     Running             0             10m
        """);
  }

  @Test
  void wideAndAllNamespacesAddTheirColumns() {
    List<JsonNode> web = List.of(Collection.items(PODS).get(0));
    assertThat(Table.of(Resources.PODS, web, Fixtures.NOW, true, true).render()).isEqualTo("""
        NAMESPACE   NAME   READY   STATUS    RESTARTS   AGE   IP           NODE     NOMINATED NODE   READINESS GATES
        default     web    1/1     Running   0          5s    10.244.1.2   node-1   <none>           <none>
        """);
  }

  @Test
  void nodesShowReadinessRolesAndCordon() {
    assertThat(Table.of(Resources.NODES, Collection.items(Fixtures.read("nodes.json")), Fixtures.NOW, false, false).render()).isEqualTo("""
        NAME     STATUS                        ROLES           AGE   VERSION
        node-1   Ready                         <none>          10m   v0.1.0-podnet
        node-2   NotReady,SchedulingDisabled   control-plane   10m   v0.1.0-podnet
        """);
  }

  @Test
  void deploymentsShowReadyOverDesired() {
    assertThat(Table.of(Resources.DEPLOYMENTS, List.of(Fixtures.read("deployment.json")), Fixtures.NOW, false, false).render()).isEqualTo("""
        NAME   READY   UP-TO-DATE   AVAILABLE   AGE
        web    2/3     3            2           10m
        """);
  }

  @Test
  void namesAndListsAreKubectls() {
    JsonNode deployment = Fixtures.read("deployment.json");
    assertThat(Output.NAME.render(Resources.DEPLOYMENTS, List.of(deployment), true, Fixtures.NOW, false)).isEqualTo("deployment.apps/web\n");
    JsonNode list = Fixtures.json(Output.JSON.render(Resources.PODS, Collection.items(PODS), true, Fixtures.NOW, false));
    assertThat(list.path("kind").asText()).isEqualTo("List");
    assertThat(list.path("items").get(0).path("kind").asText()).isEqualTo("Pod");
    assertThat(list.path("items").get(0).path("apiVersion").asText()).isEqualTo("v1");
    assertThat(Output.JSON.render(Resources.DEPLOYMENTS, List.of(deployment), false, Fixtures.NOW, false)).startsWith("{\n    \"apiVersion\": \"apps/v1\",");
    assertThat(Output.YAML.render(Resources.DEPLOYMENTS, List.of(deployment), false, Fixtures.NOW, false)).startsWith("apiVersion: apps/v1\n");
  }

  @Test
  void tabWriterAlignsEachBlockOfLinesWithCellsOnItsOwn() {
    String text = new TabWriter(0, 2).format(List.of("Name:\tweb", "Service Account:\tdefault", "IPs:", "  IP:\t10.244.1.2"));
    assertThat(text).isEqualTo("""
        Name:             web
        Service Account:  default
        IPs:
          IP:  10.244.1.2
        """);
  }
}
