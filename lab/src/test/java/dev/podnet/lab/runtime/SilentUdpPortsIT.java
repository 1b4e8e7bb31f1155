package dev.podnet.lab.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.podnet.kernel.IpCommand;
import dev.podnet.kernel.IpKernel;
import dev.podnet.kernel.KernelTest;
import dev.podnet.kernel.KernelTestSupport;
import dev.podnet.kernel.Netns;
import dev.podnet.kernel.NetnsExecutor;
import dev.podnet.kernel.Nft;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.net.SocketTimeoutException;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The pod table on the real kernel: what a UDP client sees from an unbound declared port, an unbound other port and a bound one. */
@KernelTest
class SilentUdpPortsIT {
  private static final int DECLARED = 5353;
  private static final int OTHER = 5354;
  private final IpKernel kernel = new IpKernel();
  private Netns netns;
  private NetnsExecutor inPod;

  @BeforeEach
  void up() {
    netns = kernel.ensureNetns(KernelTestSupport.prefix() + "silent");
    kernel.apply(netns, List.of(new IpCommand.LinkUp("lo")));
    inPod = new NetnsExecutor(netns, 2);
    Pod pod = new PodBuilder().withNewMetadata().withNamespace("default").withName("udp").endMetadata().withNewSpec()
        .addNewContainer().withName("c").addNewPort().withContainerPort(DECLARED).withProtocol("UDP").endPort().endContainer().endSpec().build();
    new SilentUdpPorts(Nft.tool()).ensure(netns, pod);
    new SilentUdpPorts(Nft.tool()).ensure(netns, pod); // a restarted runtime writes it again
  }

  @AfterEach
  void down() {
    if (inPod != null) {
      inPod.close();
    }
  }

  @Test
  void aDeclaredUdpPortNobodyIsBoundToStaysSilentWhereAnotherPortRefuses() {
    assertThatThrownBy(() -> inPod.submit(() -> ask(DECLARED)).get()).hasCauseInstanceOf(SocketTimeoutException.class);
    assertThatThrownBy(() -> inPod.submit(() -> ask(OTHER)).get()).hasCauseInstanceOf(PortUnreachableException.class);
  }

  @Test
  void tcpIsLeftAloneAndAnUnboundTcpPortStillRefuses() {
    assertThatThrownBy(() -> inPod.submit(() -> {
      try (java.net.Socket s = new java.net.Socket()) {
        s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), DECLARED), 500);
      }
      return null;
    }).get()).hasCauseInstanceOf(java.net.ConnectException.class);
  }

  @Test
  void aBoundDeclaredPortIsAnswered() throws Exception {
    try (DatagramSocket server = inPod.call(() -> new DatagramSocket(new InetSocketAddress(InetAddress.getByName("0.0.0.0"), DECLARED)))) {
      Thread echo = new Thread(() -> {
        try {
          DatagramPacket p = new DatagramPacket(new byte[64], 64);
          server.receive(p);
          server.send(new DatagramPacket(p.getData(), p.getLength(), p.getSocketAddress()));
        } catch (java.io.IOException e) {
          // the test's assertion reports the missing answer
        }
      });
      echo.start();
      assertThat(inPod.call(() -> ask(DECLARED))).isEqualTo("ping");
      echo.join(2000);
    }
  }

  /** One datagram to 127.0.0.1:port from a connected socket (so an ICMP refusal surfaces), its answer within 500 ms. */
  private static String ask(int port) throws java.io.IOException {
    try (DatagramSocket s = new DatagramSocket()) {
      s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
      s.setSoTimeout(500);
      byte[] ping = "ping".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
      s.send(new DatagramPacket(ping, ping.length));
      DatagramPacket in = new DatagramPacket(new byte[64], 64);
      s.receive(in);
      return new String(in.getData(), 0, in.getLength(), java.nio.charset.StandardCharsets.US_ASCII);
    }
  }
}
