package dev.podnet.lab;

import static dev.podnet.lab.LabTestSupport.awaitListener;
import static org.assertj.core.api.Assertions.assertThat;

import dev.podnet.kernel.Exec;
import dev.podnet.kernel.IpKernel;
import dev.podnet.kernel.KernelTest;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Container-to-container: processes of one sandbox share localhost and the hostname. */
@KernelTest
class SandboxIT {

  @Test
  void twoProcessesInOneSandboxShareLocalhostAndHostnameAndOnePort() {
    try (Lab lab = LabTestSupport.lab("vxlan", 1)) {
      Sandbox pod = lab.createPod(lab.nodes().get(0), "default", "web-0");
      pod.start(List.of("socat", "TCP-LISTEN:7000,bind=127.0.0.1,reuseaddr,fork", "SYSTEM:hostname"));
      awaitListener(pod, "t", 7000);

      Exec.Result viaLocalhost = pod.run("socat", "-t", "2", "-", "TCP:127.0.0.1:7000");
      assertThat(viaLocalhost.stdout().strip()).isEqualTo("web-0");
      assertThat(pod.run("hostname").stdout().strip()).isEqualTo("web-0");

      Exec.Result secondBind = pod.run("socat", "TCP-LISTEN:7000,bind=127.0.0.1", "-");
      assertThat(secondBind.exitCode()).isNotZero();
      assertThat(secondBind.stderr()).contains("Address already in use");
    }
  }

  @Test
  void aHostNetworkPodSeesItsNodesNameAndAddress() {
    try (Lab lab = LabTestSupport.lab("host-gw", 2)) {
      LabNode node = lab.nodes().get(1);
      Sandbox pod = lab.hostNetworkPod(node, "agent");
      assertThat(pod.run("hostname").stdout().strip()).isEqualTo(node.name());
      assertThat(pod.run("ip", "-4", "-o", "addr", "show", "eth0").stdout()).contains(node.info().lanAddress().getHostAddress() + "/16");
    }
  }

  @Test
  void stdinStdoutAndExitCodesPassThroughToSandboxAndNodeProcesses() {
    try (Lab lab = LabTestSupport.lab("vxlan", 1)) {
      Sandbox pod = lab.createPod(lab.nodes().get(0), "default", "io");
      assertThat(pod.run(List.of("sh", "-c", "cat; exit 7"), "hello").exitCode()).isEqualTo(7);
      assertThat(pod.run(List.of("cat"), "hello").stdout()).isEqualTo("hello");
      assertThat(lab.nodes().get(0).run("sh", "-c", "hostname; exit 3").exitCode()).isEqualTo(3);
      assertThat(lab.nodes().get(0).run("hostname").stdout().strip()).isEqualTo("node-1");
    }
  }

  @Test
  void aCrashedRunsLeftoversAreRemovedByTheirPrefix() {
    IpKernel k = new IpKernel();
    LabConfig cfg = LabTestSupport.config("vxlan", 2);
    Lab abandoned = Lab.create(cfg, k);
    abandoned.createPod(abandoned.nodes().get(1), "default", "orphan").start(List.of("sleep", "600"));
    abandoned.nodes().forEach(n -> n.agent().close()); // the JVM that owned it "died": nothing closes the lab
    assertThat(k.netnsNames()).filteredOn(n -> n.startsWith(cfg.prefix())).hasSize(6); // LAN, control plane, outside, 2 nodes, the pod

    Lab.cleanup(k, cfg.prefix(), cfg.stateDir());
    assertThat(k.netnsNames()).noneMatch(n -> n.startsWith(cfg.prefix()));
    assertThat(dev.podnet.kernel.Uts.names()).noneMatch(n -> n.startsWith(cfg.prefix()));
    assertThat(cfg.stateDir()).doesNotExist();
  }

  @Test
  void closingTheLabLeavesNoNamespaceNorHandle() {
    IpKernel k = new IpKernel();
    LabConfig cfg = LabTestSupport.config("vxlan", 2);
    Process sleeper;
    try (Lab lab = Lab.create(cfg, k)) {
      sleeper = lab.createPod(lab.nodes().get(0), "default", "a").start(List.of("sleep", "600"));
      assertThat(k.netnsNames()).anyMatch(n -> n.startsWith(cfg.prefix()));
    }
    assertThat(sleeper.isAlive()).as("a pod's process outlived close").isFalse();
    assertThat(k.netnsNames()).noneMatch(n -> n.startsWith(cfg.prefix()));
    assertThat(dev.podnet.kernel.Uts.names()).noneMatch(n -> n.startsWith(cfg.prefix()));
    assertThat(cfg.stateDir()).doesNotExist();
  }
}
