package dev.podnet.lab;

import static dev.podnet.lab.LabTestSupport.awaitListener;
import static org.assertj.core.api.Assertions.assertThat;

import dev.podnet.kernel.Exec;
import dev.podnet.kernel.KernelTest;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The pod-to-pod acceptance: 3 nodes, 2 pods each, every backend, the real kernel. */
@KernelTest
class PodNetworkIT {

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"vxlan", "host-gw"})
  void everyPodReachesEveryPodAndEveryNodeWithoutNat(String routing) {
    try (Lab lab = LabTestSupport.lab(routing, 3)) {
      List<Sandbox> pods = new ArrayList<>();
      for (LabNode n : lab.nodes()) {
        pods.add(lab.createPod(n, "default", n.name() + "-a"));
        pods.add(lab.createPod(n, "default", n.name() + "-b"));
      }
      List<String> failures = new ArrayList<>();
      for (Sandbox from : pods) {
        for (Sandbox to : pods) {
          if (from != to) {
            ping(from, to.ip(), failures);
          }
        }
        for (LabNode n : lab.nodes()) {
          ping(from, n.info().lanAddress(), failures);
        }
      }
      for (LabNode n : lab.nodes()) {
        for (Sandbox to : pods) {
          Exec.Result r = n.run("ping", "-c1", "-W2", to.ip().getHostAddress());
          if (!r.ok()) {
            failures.add(n.name() + " -> " + to.podName());
          }
        }
      }
      assertThat(failures).as("pings that failed (%s)", routing).isEmpty();

      Sandbox client = pods.get(0);
      Sandbox server = pods.get(4);
      assertThat(lab.nodes().get(0).info().podCidr().contains(client.ip())).isTrue();
      assertThat(lab.nodes().get(2).info().podCidr().contains(server.ip())).isTrue();
      tcpCarriesSourceIpAndPayload(client, server);
      udpCarriesSourceIpAndDatagram(client, server);
    }
  }

  private static void ping(Sandbox from, InetAddress to, List<String> failures) {
    Exec.Result r = from.run("ping", "-c1", "-W2", to.getHostAddress());
    if (!r.ok()) {
      failures.add(from.podName() + " -> " + to.getHostAddress());
    }
  }

  private static void tcpCarriesSourceIpAndPayload(Sandbox client, Sandbox server) {
    server.start(List.of("socat", "TCP-LISTEN:9000,reuseaddr,fork", "SYSTEM:echo from=$SOCAT_PEERADDR; cat"));
    awaitListener(server, "t", 9000);
    String payload = "t".repeat(2000);
    Exec.Result r = client.run(List.of("socat", "-t", "2", "-", "TCP:" + server.ip().getHostAddress() + ":9000"), payload);
    assertThat(r.exitCode()).as(r.stderr()).isZero();
    assertThat(r.stdout()).isEqualTo("from=" + client.ip().getHostAddress() + "\n" + payload);
  }

  private static void udpCarriesSourceIpAndDatagram(Sandbox client, Sandbox server) {
    server.start(List.of("socat", "UDP-RECVFROM:9001,reuseaddr,fork", "SYSTEM:echo from=$SOCAT_PEERADDR; cat"));
    awaitListener(server, "u", 9001);
    String datagram = "u".repeat(2005);
    Exec.Result r = client.run(List.of("socat", "-t", "2", "-", "UDP:" + server.ip().getHostAddress() + ":9001"), datagram);
    assertThat(r.exitCode()).as(r.stderr()).isZero();
    assertThat(r.stdout()).contains("from=" + client.ip().getHostAddress() + "\n").contains(datagram);
    assertThat(r.stdout().replace("from=" + client.ip().getHostAddress() + "\n", "")).isEqualTo(datagram);
  }
}
