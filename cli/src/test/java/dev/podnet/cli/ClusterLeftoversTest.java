package dev.podnet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ClusterLeftoversTest {
  private static ClusterLeftovers.Seen seen(List<String> netns, List<String> cgroups, List<String> pins, List<String> stateDirs) {
    return new ClusterLeftovers.Seen(netns, netns, cgroups, pins, stateDirs);
  }

  @Test
  void everythingNamedAfterTheClusterIsItsAndNothingElse() {
    ClusterLeftovers left = ClusterLeftovers.match("e2epe13u", seen(
        List.of("pn-e2epe13u-node-1", "pn-e2epe13u-lan", "pn-e2epe13u-default.web", "pn-e2epe13-node-1", "pn-pni7-node-1", "e2epe13u-node-1"),
        List.of("podnet-e2epe13u", "podnet-pni7", "system.slice"), List.of("podnet-e2epe13u", "mounted-by-podnet"), List.of()));

    assertThat(left.netns()).containsExactly("pn-e2epe13u-default.web", "pn-e2epe13u-lan", "pn-e2epe13u-node-1");
    assertThat(left.uts()).containsExactly("pn-e2epe13u-default.web", "pn-e2epe13u-lan", "pn-e2epe13u-node-1");
    assertThat(left.cgroup()).isTrue();
    assertThat(left.pins()).isTrue();
    assertThat(left.isEmpty()).isFalse();
  }

  @Test
  void namesOfALongerClusterThisHostKnowsStayWithThatCluster() {
    // pn-a- is a prefix of cluster a-b's names: its state directory, cgroup or pins say they are a-b's
    List<String> netns = List.of("pn-a-node-1", "pn-a-b-node-1", "pn-a-c-node-1");
    assertThat(ClusterLeftovers.match("a", seen(netns, List.of(), List.of(), List.of("a-b"))).netns()).containsExactly("pn-a-c-node-1", "pn-a-node-1");
    assertThat(ClusterLeftovers.match("a", seen(netns, List.of("podnet-a-b"), List.of(), List.of())).netns())
        .containsExactly("pn-a-c-node-1", "pn-a-node-1");
    assertThat(ClusterLeftovers.match("a", seen(netns, List.of(), List.of("podnet-a-c"), List.of("a"))).netns())
        .containsExactly("pn-a-b-node-1", "pn-a-node-1");
    assertThat(ClusterLeftovers.match("a-b", seen(netns, List.of(), List.of(), List.of("a"))).netns()).containsExactly("pn-a-b-node-1");
  }

  @Test
  void aClusterThatLeftNothingIsEmptyAndSaysSo() {
    ClusterLeftovers left = ClusterLeftovers.match("gone", seen(List.of("pn-other-node-1"), List.of("podnet-other"), List.of(), List.of("gone")));
    assertThat(left.isEmpty()).isTrue();
    assertThat(left.describe()).isEqualTo("nothing");
  }

  @Test
  void theDescriptionNamesWhereEachKindOfLeftoverIs() {
    ClusterLeftovers left = ClusterLeftovers.match("x", seen(List.of("pn-x-node-1"), List.of("podnet-x"), List.of("podnet-x"), List.of()));
    assertThat(left.describe()).isEqualTo(
        "1 network namespaces (pn-x-node-1), 1 UTS namespaces in /run/podnet/utsns, cgroup podnet-x, bpffs pins /sys/fs/bpf/podnet-x");
  }

  @Test
  void aRunningPodnetdOfTheClusterIsKnownByItsArgumentsWhateverItsStateDirectory() {
    List<String> up = List.of("java", "-cp", "x.jar", Podnetd.MAIN_CLASS, "--name", "hebpf", "--state-dir", "/tmp/podnet-ebpf/hebpf");
    assertThat(ClusterLeftovers.isPodnetdOf("hebpf", up)).isTrue();
    assertThat(ClusterLeftovers.isPodnetdOf("hebpf", List.of("java", Podnetd.MAIN_CLASS, "--name=hebpf"))).isTrue();
    assertThat(ClusterLeftovers.isPodnetdOf("podnet", List.of("java", Podnetd.MAIN_CLASS))).as("the default name").isTrue();
    assertThat(ClusterLeftovers.isPodnetdOf("hebp", up)).isFalse();
    assertThat(ClusterLeftovers.isPodnetdOf("hebpf", List.of("java", Podnetd.MAIN_CLASS, "--down", "--name", "hebpf"))).as("a cleanup").isFalse();
    assertThat(ClusterLeftovers.isPodnetdOf("hebpf", List.of("vi", "--name", "hebpf"))).isFalse();
  }

  @Test
  void itsEtcdIsTheOneKeepingItsDataUnderTheClustersStateDirectory() {
    java.nio.file.Path state = java.nio.file.Path.of("/tmp/podnet-ebpf/hebpf");
    java.util.Map<Long, List<String>> procs = java.util.Map.of(
        10L, List.of("/usr/bin/etcd", "--name", "podnet", "--data-dir", "/tmp/podnet-ebpf/hebpf/etcd/data"),
        11L, List.of("/usr/bin/etcd", "--data-dir=/tmp/podnet-ebpf/hebpf2/etcd/data"),
        12L, List.of("/usr/bin/etcd", "--data-dir", "/var/lib/etcd"),
        13L, List.of("vi", "--data-dir", "/tmp/podnet-ebpf/hebpf/etcd/data"),
        14L, List.of("etcd", "--data-dir=/tmp/podnet-ebpf/hebpf/etcd"));
    assertThat(ClusterLeftovers.etcdOf(state, procs)).containsExactly(10L, 14L);
  }
}
