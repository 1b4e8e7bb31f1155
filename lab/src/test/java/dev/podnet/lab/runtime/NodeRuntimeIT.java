package dev.podnet.lab.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.podnet.kernel.Exec;
import dev.podnet.kernel.IpKernel;
import dev.podnet.kernel.KernelTest;
import dev.podnet.lab.Lab;
import dev.podnet.lab.LabConfig;
import dev.podnet.lab.LabNode;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The node runtime on the real kernel: containers are processes in their pod's namespaces. */
@KernelTest
class NodeRuntimeIT {
  private final IpKernel kernel = new IpKernel();
  private LabConfig cfg;
  private Lab lab;
  private NodeRuntime runtime;
  private final RecordingSink sink = new RecordingSink();

  @BeforeEach
  void up() {
    String p = dev.podnet.kernel.KernelTestSupport.prefix();
    cfg = LabConfig.defaults("test").withNodes(1).withPrefix(p, Path.of("/run/podnet/test-" + p));
    lab = Lab.create(cfg, kernel, Duration.ofSeconds(1));
    runtime = new NodeRuntime(node(), config(), sink);
  }

  private RuntimeConfig config() {
    return new RuntimeConfig(cfg.stateDir().resolve("runtime"), Duration.ofMillis(500), Duration.ofSeconds(2), Duration.ofMinutes(10));
  }

  @AfterEach
  void down() {
    if (runtime != null) {
      runtime.close();
    }
    if (lab != null) {
      lab.close();
    }
  }

  private LabNode node() {
    return lab.nodes().get(0);
  }

  private static Pod pod(String name, ContainerBuilder... containers) {
    return new PodBuilder().withNewMetadata().withName(name).withNamespace("default").withUid(UUID.randomUUID().toString()).endMetadata()
        .withNewSpec().withNodeName("node-1").withTerminationGracePeriodSeconds(5L)
        .withContainers(java.util.Arrays.stream(containers).map(ContainerBuilder::build).toList()).endSpec().build();
  }

  private static ContainerBuilder sh(String name, String script) {
    return new ContainerBuilder().withName(name).withImage("debian").withCommand("sh", "-c", script);
  }

  private static void await(String what, BooleanSupplier ok) {
    long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (!ok.getAsBoolean()) {
      if (System.nanoTime() > end) {
        throw new AssertionError("not within 20 s: " + what);
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        throw new AssertionError(e);
      }
    }
  }

  @Test
  void containersOfAPodShareLocalhostAndHostnameAndSeeThePodsHostsFile() {
    Pod pod = pod("duo", sh("server", "exec socat TCP-LISTEN:7000,bind=127.0.0.1,reuseaddr,fork SYSTEM:hostname"),
        sh("client", "while :; do socat -t1 - TCP:127.0.0.1:7000 > /tmp/podnet-duo-$$ 2>&1 && cat /tmp/podnet-duo-$$; rm -f /tmp/podnet-duo-$$; sleep 0.2; done"));
    runtime.sync(pod);
    await("pod Ready", () -> sink.ready("duo"));
    String ip = sink.status("duo").getPodIP();
    assertThat(ip).startsWith("10.244.0.");
    Path clientLog = config().stateDir().resolve("pods").resolve(pod.getMetadata().getUid()).resolve("containers/client/log");
    await("client reached the server over localhost", () -> read(clientLog).contains("duo"));
    long pid = pid(sink.container("duo", "server"));
    Exec.Result hosts = Exec.run(List.of("nsenter", "-t", Long.toString(pid), "-m", "-u", "--", "sh", "-c", "cat /etc/hosts; hostname"), null);
    assertThat(hosts.stdout()).contains(ip + "\tduo\n").endsWith("duo\n");
    assertThat(sink.status("duo").getPhase()).isEqualTo("Running");
    assertThat(sink.status("duo").getHostIP()).isEqualTo("172.18.0.2");
  }

  @Test
  void aContainerThatCannotBindItsSiblingsPortShowsWhyAndRestartsWithBackoff() {
    Pod pod = pod("clash", sh("first", "exec socat TCP-LISTEN:8080,reuseaddr,fork SYSTEM:true"),
        sh("second", "sleep 0.5; exec socat TCP-LISTEN:8080 SYSTEM:true"));
    runtime.sync(pod);
    await("second restarted at least twice", () -> {
      ContainerStatus c = sink.container("clash", "second");
      return c != null && c.getRestartCount() >= 2;
    });
    ContainerStatus second = sink.container("clash", "second");
    assertThat(second.getLastState().getTerminated().getExitCode()).isNotZero();
    assertThat(second.getLastState().getTerminated().getMessage()).contains("Address already in use");
    await("CrashLoopBackOff", () -> {
      ContainerStatus c = sink.container("clash", "second");
      return c.getState().getWaiting() != null && "CrashLoopBackOff".equals(c.getState().getWaiting().getReason());
    });
    assertThat(sink.container("clash", "first").getRestartCount()).isZero();
    assertThat(sink.ready("clash")).isFalse();
  }

  @Test
  void aFailingReadinessProbeKeepsThePodNotReadyAndAFailingLivenessProbeRestartsIt() {
    Probe closed = new ProbeBuilder().withNewTcpSocket().withPort(new IntOrString(9999)).endTcpSocket().withPeriodSeconds(1)
        .withFailureThreshold(1).build();
    Probe open = new ProbeBuilder().withNewHttpGet().withPort(new IntOrString(8000)).withPath("/").endHttpGet().withPeriodSeconds(1).build();
    Pod pod = pod("probed",
        sh("web", "exec socat TCP-LISTEN:8000,reuseaddr,fork SYSTEM:'echo HTTP/1.1 200 OK'").withReadinessProbe(open),
        sh("never", "exec sleep 3600").withReadinessProbe(closed),
        sh("dying", "exec sleep 3600").withLivenessProbe(closed));
    runtime.sync(pod);
    await("web ready", () -> sink.container("probed", "web") != null && sink.container("probed", "web").getReady());
    await("dying restarted by its liveness probe", () -> sink.container("probed", "dying").getRestartCount() >= 1);
    assertThat(sink.container("probed", "never").getReady()).isFalse();
    assertThat(sink.ready("probed")).isFalse();
  }

  @Test
  void envCarriesValuesAndFieldRefs() {
    Pod pod = pod("env", sh("c", "echo \"$MY_NAME $MY_NS $MY_IP $MY_NODE $GREETING\"; exec sleep 3600")
        .addNewEnv().withName("MY_NAME").withNewValueFrom().withNewFieldRef().withFieldPath("metadata.name").endFieldRef().endValueFrom().endEnv()
        .addNewEnv().withName("MY_NS").withNewValueFrom().withNewFieldRef().withFieldPath("metadata.namespace").endFieldRef().endValueFrom().endEnv()
        .addNewEnv().withName("MY_IP").withNewValueFrom().withNewFieldRef().withFieldPath("status.podIP").endFieldRef().endValueFrom().endEnv()
        .addNewEnv().withName("MY_NODE").withNewValueFrom().withNewFieldRef().withFieldPath("spec.nodeName").endFieldRef().endValueFrom().endEnv()
        .addNewEnv().withName("GREETING").withValue("hi $(MY_NAME)").endEnv());
    runtime.sync(pod);
    Path log = config().stateDir().resolve("pods").resolve(pod.getMetadata().getUid()).resolve("containers/c/log");
    await("env echoed", () -> !read(log).isBlank());
    assertThat(read(log).strip()).isEqualTo("env default " + sink.status("env").getPodIP() + " node-1 hi env");
  }

  @Test
  void deletionIsGracefulThenTheSandboxGoes() {
    Pod pod = pod("grace", sh("c", "trap 'echo got TERM; exit 0' TERM; echo trapping; while :; do sleep 0.1; done"));
    runtime.sync(pod);
    Path log = config().stateDir().resolve("pods").resolve(pod.getMetadata().getUid()).resolve("containers/c/log");
    await("the container set its trap", () -> read(log).contains("trapping"));
    pod.getMetadata().setDeletionTimestamp("2026-01-01T00:00:00Z");
    runtime.sync(pod);
    await("finished", () -> sink.finished.contains("grace"));
    assertThat(sink.container("grace", "c").getState().getTerminated().getExitCode()).isZero();
    assertThat(kernel.netnsNames()).noneMatch(n -> n.endsWith("default.grace"));
  }

  @Test
  void aRestartedRuntimeAdoptsRunningContainersInsteadOfStartingNewOnes() {
    Pod pod = pod("survivor", sh("c", "exec sleep 3600"));
    runtime.sync(pod);
    await("running", () -> sink.container("survivor", "c") != null && sink.container("survivor", "c").getState().getRunning() != null);
    long pid = pid(sink.container("survivor", "c"));
    String ip = sink.status("survivor").getPodIP();
    runtime.close();
    lab.nodes().forEach(n -> n.agent().close());

    lab = Lab.create(cfg, kernel, Duration.ofSeconds(1)); // what a restarted podnetd does
    RecordingSink after = new RecordingSink();
    runtime = new NodeRuntime(node(), config(), after);
    runtime.sync(pod);
    await("adopted", () -> after.container("survivor", "c") != null && after.container("survivor", "c").getState().getRunning() != null);
    assertThat(pid(after.container("survivor", "c"))).isEqualTo(pid);
    assertThat(after.status("survivor").getPodIP()).isEqualTo(ip);
    assertThat(after.container("survivor", "c").getRestartCount()).isZero();
  }

  private static long pid(ContainerStatus c) {
    return Long.parseLong(c.getContainerID().substring("podnet://".length()));
  }

  private static String read(Path p) {
    try {
      return java.nio.file.Files.exists(p) ? java.nio.file.Files.readString(p) : "";
    } catch (java.io.IOException e) {
      return "";
    }
  }
}
