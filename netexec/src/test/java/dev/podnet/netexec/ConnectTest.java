package dev.podnet.netexec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConnectTest {
    private static Connect.Outcome connect(String... args) throws UsageException {
        return Connect.run(Connect.COMMAND_LINE.parse(List.of(args)));
    }

    private static int closedTcpPort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, Wire.LOOPBACK)) {
            return s.getLocalPort();
        }
    }

    @Test
    void anOpenTcpPortExitsZeroSilently() throws Exception {
        try (ServerSocket open = new ServerSocket(0, 1, Wire.LOOPBACK)) {
            assertThat(connect("127.0.0.1:" + open.getLocalPort())).isEqualTo(Connect.Outcome.CONNECTED);
        }
    }

    @Test
    void aClosedTcpPortIsRefused() throws Exception {
        assertThat(connect("--timeout=2s", "127.0.0.1:" + closedTcpPort())).isEqualTo(new Connect.Outcome(1, "REFUSED"));
    }

    @Test
    void aNameThatDoesNotResolveIsDns() throws Exception {
        assertThat(connect("nonexistent.invalid:80").stderr()).isEqualTo("DNS: lookup nonexistent.invalid: no such host");
        assertThat(connect("--protocol", "udp", "nonexistent.invalid:80").stderr()).startsWith("DNS: ");
    }

    @Test
    void aDestinationWithoutAPortIsUnknown() throws Exception {
        assertThat(connect("127.0.0.1").stderr()).isEqualTo("UNKNOWN: address 127.0.0.1: missing port in address");
    }

    @Test
    void aUdpPortThatNeverAnswersIsTimeoutAfterTheGivenTimeout() throws Exception {
        try (DatagramSocket silent = new DatagramSocket(new InetSocketAddress(Wire.LOOPBACK, 0))) {
            long started = System.nanoTime();
            Connect.Outcome outcome = connect("--protocol=udp", "--timeout", "300ms", "127.0.0.1:" + silent.getLocalPort());
            assertThat(outcome.exitCode()).isEqualTo(1);
            assertThat(outcome.stderr()).startsWith("TIMEOUT: read udp 127.0.0.1:").endsWith(": i/o timeout");
            assertThat(System.nanoTime() - started).isBetween(250_000_000L, 3_000_000_000L);
        }
    }

    @Test
    void aClosedUdpPortIsRefusedThroughTheIcmpError() throws Exception {
        int closed;
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(Wire.LOOPBACK, 0))) {
            closed = s.getLocalPort();
        }
        assertThat(connect("--protocol=udp", "--timeout=2s", "127.0.0.1:" + closed).stderr())
                .startsWith("REFUSED: read udp ").endsWith("read: connection refused");
    }

    @Test
    void aUdpServerThatRepliesIsSuccess() throws Exception {
        try (Netexec netexec = Netexecs.start(Netexecs.exits())) {
            assertThat(connect("--protocol=udp", "--timeout=2s", "127.0.0.1:" + netexec.udpPort()))
                    .isEqualTo(Connect.Outcome.CONNECTED);
        }
    }

    @Test
    void exactlyOneDestinationIsRequired() {
        assertThatThrownBy(() -> connect()).isInstanceOf(UsageException.class).hasMessage("accepts 1 arg(s), received 0");
    }

    @Test
    void anUnknownProtocolIsUpstreamsMessage() throws Exception {
        assertThat(connect("--protocol=icmp", "127.0.0.1:1")).isEqualTo(new Connect.Outcome(1, "Unsupported protocol\nicmp"));
    }
}
