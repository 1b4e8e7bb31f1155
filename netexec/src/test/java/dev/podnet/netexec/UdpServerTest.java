package dev.podnet.netexec;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class UdpServerTest {
    private final List<Integer> exits = Netexecs.exits();
    private Netexec netexec;
    private int port;

    @BeforeEach
    void start() throws Exception {
        netexec = Netexecs.start(exits);
        port = netexec.udpPort();
    }

    @AfterEach
    void stop() {
        netexec.close();
    }

    @Test
    void hostnameIsMatchedTrimmedAndInAnyCase() throws Exception {
        assertThat(Wire.udp(port, "hostname")).contains(Hostname.current());
        assertThat(Wire.udp(port, "  hostName\n")).contains(Hostname.current());
    }

    @Test
    void echoRepliesTheMessageLowerCasedAsUpstreamDoes() throws Exception {
        assertThat(Wire.udp(port, "echo Hello World\n")).contains("hello world");
        assertThat(Wire.udp(port, "ECHO  two spaces")).contains(" two spaces");
    }

    @Test
    void aTwoThousandFiveByteEchoComesBackWhole() throws Exception {
        String message = "x".repeat(2000);
        byte[] payload = ("echo " + message).getBytes(StandardCharsets.UTF_8);
        assertThat(payload).hasSize(2005);
        assertThat(Wire.udp(port, payload)).contains(message);
    }

    @Test
    void aDatagramPastTwoKilobytesIsCutAtUpstreamsBuffer() throws Exception {
        assertThat(Wire.udp(port, "echo " + "y".repeat(3000))).contains("y".repeat(2048 - 5));
    }

    @Test
    void clientipIsTheSendersIpAndPort() throws Exception {
        assertThat(Wire.udp(port, "clientip")).hasValueSatisfying(v -> assertThat(v).matches("127\\.0\\.0\\.1:\\d+"));
    }

    @Test
    void unknownCommandsAndBareEchoGetNoReply() throws Exception {
        assertThat(Wire.udp(port, "what")).isEmpty();
        assertThat(Wire.udp(port, "echo")).isEmpty();
    }

    @Test
    void commandsArePureOnThePayload() {
        assertThat(UdpCommands.answer("Echo MiXeD".getBytes(), "1.2.3.4:5", "h")).contains("mixed");
        assertThat(UdpCommands.answer("clientip".getBytes(), "[fd00::1]:5", "h")).contains("[fd00::1]:5");
        assertThat(UdpCommands.answer("\n".getBytes(), "1.2.3.4:5", "h")).isEmpty();
    }
}
