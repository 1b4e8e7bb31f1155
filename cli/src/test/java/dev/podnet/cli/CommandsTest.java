package dev.podnet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CommandsTest {
  private static final String WEB = """
      {"apiVersion":"v1","kind":"Pod","metadata":{"name":"web","namespace":"default","labels":{"app":"web"}},
       "spec":{"containers":[{"name":"app"},{"name":"sidecar"}]},
       "status":{"phase":"Running","conditions":[{"type":"Ready","status":"True"}]}}""";
  private static final String DB = """
      {"apiVersion":"v1","kind":"Pod","metadata":{"name":"db","namespace":"default","labels":{"app":"db"}},
       "spec":{"containers":[{"name":"db"}]},"status":{"phase":"Pending"}}""";

  private final FakeApi api = new FakeApi().with(WEB).with(DB);

  @ParameterizedTest
  @ValueSource(strings = {"", "up", "down", "status", "apply", "get", "describe", "delete", "wait", "exec", "logs", "completion"})
  void everyCommandHasHelp(String command) {
    Invocation run = command.isEmpty() ? Invocation.run(api, "--help") : Invocation.run(api, command, "--help");
    assertThat(run.exit()).isZero();
    assertThat(run.out()).startsWith("Usage: podnet" + (command.isEmpty() ? "" : " " + command)).contains("--help").contains("--name=CLUSTER");
  }

  @ParameterizedTest
  @ValueSource(strings = {"po", "pod", "pods", "Pod", "pods/web"})
  void everyKubectlNameOfAKindWorks(String kind) {
    Invocation run = kind.contains("/") ? Invocation.run(api, "get", kind, "-o", "name") : Invocation.run(api, "get", kind, "-o", "name");
    assertThat(run.out()).contains("pod/web");
  }

  @Test
  void deploymentsAreFoundByTheirGroupQualifiedName() {
    assertThat(ObjectRef.kind("deployments.apps").kind()).isEqualTo("Deployment");
    assertThat(ObjectRef.kind("deploy").kind()).isEqualTo("Deployment");
    assertThat(ObjectRef.kind("no").kind()).isEqualTo("Node");
    assertThat(ObjectRef.kind("ns").kind()).isEqualTo("Namespace");
  }

  @Test
  void anUnknownKindIsKubectlsError() {
    Invocation run = Invocation.run(api, "get", "foo");
    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.err()).isEqualTo("error: the server doesn't have a resource type \"foo\"\n");
  }

  @Test
  void aMissingObjectIsKubectlsNotFound() {
    Invocation run = Invocation.run(api, "get", "po", "x");
    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.err()).isEqualTo("Error from server (NotFound): pods \"x\" not found\n");
  }

  @Test
  void noPodnetdSaysWhichClusterAndHowToStartIt() {
    Api none = new HttpApi(Cluster.named("lab", Map.of(Cluster.STATE_DIR_ENV, "/nonexistent")));
    Invocation run = Invocation.run(none, "get", "po");
    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.err()).isEqualTo("podnet: no cluster 'lab' is up (no podnetd at /nonexistent/lab/podnetd.sock); start one with: podnet up --name lab\n");
    assertThat(ApiException.noCluster(Cluster.named("podnet", Map.of())).line())
        .isEqualTo("podnet: no cluster 'podnet' is up (no podnetd at /var/lib/podnet/podnet/podnetd.sock); start one with: podnet up");
  }

  @Test
  void theClusterNameWorksBeforeAndAfterTheCommand() {
    Session.Launcher none = c -> 0;
    for (List<String> args : List.of(List.of("--name", "a", "get", "po"), List.of("get", "po", "--name", "a"))) {
      java.util.concurrent.atomic.AtomicReference<Cluster> seen = new java.util.concurrent.atomic.AtomicReference<>();
      java.io.PrintStream sink = new java.io.PrintStream(java.io.OutputStream.nullOutputStream());
      Session s = new Session(sink, sink, java.time.Clock.systemUTC(), Map.of(), c -> {
        seen.set(c);
        return api;
      }, none);
      Main.run(s, args.toArray(String[]::new));
      assertThat(seen.get().name()).isEqualTo("a");
    }
  }

  @Test
  void aSelectorFiltersTheList() {
    Invocation run = Invocation.run(api, "get", "pods", "-l", "app=db");
    assertThat(run.out()).contains("db").doesNotContain("web");
  }

  @Test
  void anEmptyNamespaceSaysSoOnStderr() {
    Invocation run = Invocation.run(api, "get", "pods", "-n", "other");
    assertThat(run.exit()).isZero();
    assertThat(run.err()).isEqualTo("No resources found in other namespace.\n");
  }

  @Test
  void deleteReportsEachObjectAndWaitsUntilItIsGone() {
    Invocation run = Invocation.run(api, "delete", "pod", "web", "db", "--grace-period=0");
    assertThat(run.exit()).isZero();
    assertThat(run.out()).isEqualTo("pod \"web\" deleted\npod \"db\" deleted\n");
    assertThat(api.writes).containsExactly("DELETE /api/v1/namespaces/default/pods/web?gracePeriodSeconds=0",
        "DELETE /api/v1/namespaces/default/pods/db?gracePeriodSeconds=0");
  }

  @Test
  void deletingWhatIsNotThereFailsButDeletesTheRest() {
    Invocation run = Invocation.run(api, "delete", "pods", "x", "web", "--wait=false");
    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.err()).isEqualTo("Error from server (NotFound): pods \"x\" not found\n");
    assertThat(run.out()).isEqualTo("pod \"web\" deleted\n");
  }

  @Test
  void waitPrintsConditionMetFromTheListOrTheWatch() {
    assertThat(Invocation.run(api, "wait", "--for=condition=Ready", "pod/web").out()).isEqualTo("pod/web condition met\n");
    api.streams.add(List.of("{\"type\":\"MODIFIED\",\"object\":{\"metadata\":{\"name\":\"db\"},\"status\":{\"conditions\":[{\"type\":\"Ready\",\"status\":\"True\"}]}}}"));
    Invocation run = Invocation.run(api, "wait", "--for=condition=Ready", "pods", "-l", "app=db");
    assertThat(run.out()).isEqualTo("pod/db condition met\n");
  }

  @Test
  void waitTimesOutInKubectlsWords() {
    Invocation run = Invocation.run(api, "wait", "--for=condition=Ready", "pod/db", "--timeout=1s");
    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.err()).isEqualTo("error: timed out waiting for the condition on pods/db\n");
  }

  @Test
  void waitForDeleteSeesTheDeletedEvent() {
    api.streams.add(List.of("", "{\"type\":\"DELETED\",\"object\":{\"metadata\":{\"name\":\"web\"}}}"));
    assertThat(Invocation.run(api, "wait", "--for=delete", "pod/web").out()).isEqualTo("pod/web deleted\n");
  }

  @Test
  void execEntersTheChosenContainersNamespacesAndPassesTheExitCode() {
    FakeApi withSandbox = api.answer("/apis/podnet.dev/v1/namespaces/default/pods/web/sandbox",
        "{\"node\":\"node-1\",\"containers\":{\"app\":{\"pid\":999999999,\"running\":true},\"sidecar\":{\"pid\":0,\"running\":false}}}");
    Invocation run = Invocation.run(withSandbox, "exec", "web", "--", "ip", "-br", "addr");
    assertThat(run.exit()).isEqualTo(7);
    assertThat(run.launched()).containsExactly(List.of("nsenter", "-t", "999999999", "-n", "-u", "-m", "--", "ip", "-br", "addr"));
    Invocation stopped = Invocation.run(withSandbox, "exec", "web", "-c", "sidecar", "--", "true");
    assertThat(stopped.err()).isEqualTo("error: container \"sidecar\" in pod \"web\" is not running (see: podnet describe pod web)\n");
    assertThat(Invocation.run(withSandbox, "exec", "web", "-c", "nope", "--", "true").err())
        .isEqualTo("error: container \"nope\" not found in pod \"web\"; its containers: app, sidecar\n");
  }

  @Test
  void execOnANodeEntersItsNetworkAndUtsNamespaces() {
    FakeApi nodes = api.answer("/apis/podnet.dev/v1/nodes/node-1/namespaces",
        "{\"netns\":\"/run/netns/pn-podnet-node-1\",\"uts\":\"/run/podnet/utsns/pn-podnet-node-1\"}");
    Invocation run = Invocation.run(nodes, "exec", "--node", "node-1", "--", "ip", "route");
    assertThat(run.launched()).containsExactly(List.of("nsenter", "--net=/run/netns/pn-podnet-node-1", "--uts=/run/podnet/utsns/pn-podnet-node-1", "--",
        "ip", "route"));
  }

  @Test
  void execAtTheEdgeGivesABareBirdcTheRoutersSocketAndTheRoutedClientRunsBehindIt() {
    FakeApi cluster = api.answer("/apis/podnet.dev/v1/cluster", "{\"edge\":{\"netns\":\"/run/netns/pn-podnet-edge\",\"address\":\"172.18.0.253\","
        + "\"birdSocket\":\"/var/lib/podnet/podnet/lab/edge/bird.ctl\"},"
        + "\"outsideRouted\":{\"netns\":\"/run/netns/pn-podnet-outside-routed\",\"address\":\"198.51.100.2\"}}");
    assertThat(Invocation.run(cluster, "exec", "--edge", "--", "birdc", "show", "route").launched()).containsExactly(List.of("nsenter",
        "--net=/run/netns/pn-podnet-edge", "--", "birdc", "-s", "/var/lib/podnet/podnet/lab/edge/bird.ctl", "show", "route"));
    assertThat(Invocation.run(cluster, "exec", "--outside-routed", "--", "curl", "-s", "10.250.0.1").launched()).containsExactly(List.of("nsenter",
        "--net=/run/netns/pn-podnet-outside-routed", "--", "curl", "-s", "10.250.0.1"));
    FakeApi noEdge = api.answer("/apis/podnet.dev/v1/cluster", "{\"name\":\"podnet\"}");
    assertThat(Invocation.run(noEdge, "exec", "--outside-routed", "--", "true").err()).contains("this cluster has no edge router");
  }

  @Test
  void describePodShowsContainersAndConditions() {
    Invocation run = Invocation.run(api, "describe", "pod", "web");
    assertThat(run.exit()).isZero();
    assertThat(run.out()).contains("Name:         web\n").contains("Containers:\n  app:\n").contains("Conditions:\n  Type    Status\n  Ready   True");
  }

  @Test
  void describePodEndsWithItsEventsSelectedByInvolvedObject() {
    FakeApi withEvents = api.answer("/api/v1/namespaces/default/events?fieldSelector="
        + Collection.encode("involvedObject.kind=Pod,involvedObject.name=web,involvedObject.namespace=default,involvedObject.uid="), """
        {"kind":"EventList","items":[
         {"type":"Warning","reason":"BackOff","source":{"component":"kubelet","host":"node-1"},"count":3,
          "firstTimestamp":"2000-01-01T00:00:00Z","lastTimestamp":"2000-01-01T00:01:00Z","message":"Back-off restarting failed container app"},
         {"type":"Normal","reason":"Scheduled","source":{"component":"default-scheduler"},"count":1,
          "firstTimestamp":"1999-12-31T23:59:00Z","lastTimestamp":"1999-12-31T23:59:00Z","message":"Successfully assigned default/web to node-1"}]}""");
    Invocation run = Invocation.run(withEvents, "describe", "pod", "web");
    assertThat(run.out()).containsPattern("Events:\n  Type +Reason +Age +From +Message\n  ---- +------ +---- +---- +-------\n"
        + "  Normal +Scheduled +\\S+ +default-scheduler +Successfully assigned default/web to node-1\n"
        + "  Warning +BackOff +\\S+ \\(x3 over \\S+\\) +kubelet +Back-off restarting failed container app\n");
    assertThat(Invocation.run(api, "describe", "pod", "db").out()).contains("Events:").endsWith("<none>\n");
  }

  @Test
  void parseErrorsAreOneLine() {
    Invocation run = Invocation.run(api, "get", "po", "--bogus");
    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.err().lines()).hasSize(1).first().asString().startsWith("error: Unknown option: '--bogus'");
  }

  @Test
  void completionIsABashScript() {
    assertThat(Invocation.run(api, "completion", "bash").out()).contains("complete -F").contains("podnet");
  }

  @Test
  void statusCountsPodsPerPhase() {
    assertThat(StatusCommand.phases(Collection.items(Fixtures.read("pods.json")))).isEqualTo("8 (1 Failed, 2 Pending, 4 Running, 1 Succeeded)");
  }
}
