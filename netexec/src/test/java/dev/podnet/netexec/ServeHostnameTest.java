package dev.podnet.netexec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.List;
import org.junit.jupiter.api.Test;

class ServeHostnameTest {
    private static final InetSocketAddress ANY = Netexecs.ANY_LOOPBACK_PORT;
    private final String hostname = Hostname.current();

    @Test
    void httpAnswersTheHostnameOnAnyPath() throws Exception {
        try (ServeHostname server = ServeHostname.start(new ServeHostname.Options(ANY, true, false, false, false))) {
            Wire.Response r = Wire.get(server.port(), "/any/path");
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.body()).isEqualTo(hostname);
        }
    }

    @Test
    void closeAddsConnectionCloseAndClosesEvenAKeepAliveClient() throws Exception {
        try (ServeHostname server = ServeHostname.start(new ServeHostname.Options(ANY, true, false, false, true))) {
            Wire.Response r = Wire.send(server.port(), "GET / HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(r.headers()).containsEntry("connection", "close");
            assertThat(r.body()).isEqualTo(hostname);
        }
    }

    @Test
    void tcpWritesTheHostnameOnAcceptThenCloses() throws Exception {
        try (ServeHostname server = ServeHostname.start(new ServeHostname.Options(ANY, false, true, false, false));
             Socket socket = new Socket(Wire.LOOPBACK, server.port())) {
            socket.setSoTimeout(5000);
            assertThat(Wire.readAll(socket.getInputStream())).isEqualTo(hostname);
        }
    }

    @Test
    void udpRepliesTheHostnameToAnyDatagram() throws Exception {
        try (ServeHostname server = ServeHostname.start(new ServeHostname.Options(ANY, false, false, true, false))) {
            assertThat(Wire.udp(server.port(), "anything at all, longer than sixteen bytes")).contains(hostname);
        }
    }

    @Test
    void httpIsOnByDefaultAndExcludesTheRawModes() {
        assertThatThrownBy(() -> ServeHostname.options(ServeHostname.COMMAND_LINE.parse(List.of("--tcp"))))
                .isInstanceOf(UsageException.class).hasMessageContaining("HTTP mode at the same time");
    }

    @Test
    void rawModesNeedHttpFalse() throws Exception {
        ServeHostname.Options options = ServeHostname.options(
                ServeHostname.COMMAND_LINE.parse(List.of("--tcp", "--udp", "--http=false", "--port", "9999")));
        assertThat(options).isEqualTo(new ServeHostname.Options(new InetSocketAddress(9999), false, true, true, false));
    }
}
