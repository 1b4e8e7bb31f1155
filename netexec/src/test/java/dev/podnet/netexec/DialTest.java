package dev.podnet.netexec;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DialTest {
    private final List<Integer> exits = Netexecs.exits();
    private final String hostname = Hostname.current();
    private Netexec client;
    private Netexec server;

    @BeforeEach
    void start() throws Exception {
        client = Netexecs.start(exits);
        server = Netexecs.start(exits);
    }

    @AfterEach
    void stop() {
        client.close();
        server.close();
    }

    private Wire.Response dial(String query) throws Exception {
        return Wire.get(client.httpPort(), "/dial?" + query);
    }

    @Test
    void httpDialCollectsEveryTrysBody() throws Exception {
        Wire.Response r = dial("host=127.0.0.1&port=" + server.httpPort() + "&request=hostname&tries=3");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("{\"responses\":[\"" + hostname + "\",\"" + hostname + "\",\"" + hostname + "\"]}");
    }

    @Test
    void httpDialPassesTheRequestsQueryToThePeer() throws Exception {
        Wire.Response r = dial("host=127.0.0.1&port=" + server.httpPort() + "&request=echo%3Fmsg%3Dpong&protocol=http");
        assertThat(r.body()).isEqualTo("{\"responses\":[\"pong\"]}");
    }

    @Test
    void udpDialSendsTheRequestAndReadsOneDatagram() throws Exception {
        Wire.Response r = dial("host=127.0.0.1&port=" + server.udpPort() + "&request=echo%20Nooo&protocol=udp&tries=2");
        assertThat(r.body()).isEqualTo("{\"responses\":[\"nooo\",\"nooo\"]}");
    }

    @Test
    void aDialThatFailsIsStill200WithOnlyErrorsInGoWording() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, Wire.LOOPBACK)) {
            closed = s.getLocalPort();
        }
        Wire.Response r = dial("host=127.0.0.1&port=" + closed + "&request=hostname");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("{\"errors\":[\"Get \\\"http://127.0.0.1:" + closed + "/hostname\\\": dial tcp 127.0.0.1:"
                + closed + ": connect: connection refused\"]}");
    }

    @Test
    void aUdpPeerThatNeverAnswersIsAnIoTimeoutAfterFiveSeconds() throws Exception {
        try (DatagramSocket silent = new DatagramSocket(new InetSocketAddress(Wire.LOOPBACK, 0))) {
            Wire.Response r = dial("host=127.0.0.1&port=" + silent.getLocalPort() + "&request=hostname&protocol=udp");
            assertThat(r.body()).startsWith("{\"errors\":[\"reading from udp connection failed. err:'read udp 127.0.0.1:")
                    .endsWith("-\\u003e127.0.0.1:" + silent.getLocalPort() + ": i/o timeout'\"]}");
        }
    }

    @Test
    void responsesAppearOnlyWhenTheLastTrySucceededAsUpstreamsQuirk() {
        int[] calls = {0};
        Dial.Attempt okThenFail = (request, target) -> {
            if (calls[0]++ == 0) {
                return "first";
            }
            throw new Dial.DialException("second failed");
        };
        InetSocketAddress target = new InetSocketAddress(Wire.LOOPBACK, 1);
        assertThat(Dial.tryAll(okThenFail, "x", target, 2)).isEqualTo("{\"errors\":[\"second failed\"]}");
        assertThat(Dial.tryAll((r, t) -> "x", "x", target, 0)).isEqualTo("{}");
    }

    @Test
    void badParametersAre400WithGoHttpErrorBodies() throws Exception {
        assertBadRequest(dial("host=127.0.0.1&port=80"), "request parameter not specified. <nil>\n");
        assertBadRequest(dial("host=127.0.0.1&port=80&request=x&tries=many"),
                "tries parameter is invalid. strconv.Atoi: parsing \"many\": invalid syntax\n");
        assertBadRequest(dial("host=127.0.0.1&port=80&request=x&protocol=gopher"), "unsupported protocol. gopher\n");
        assertBadRequest(dial("host=nonexistent.invalid&port=80&request=x"),
                "host and/or port param are invalid. lookup nonexistent.invalid: no such host\n");
        assertBadRequest(dial("host=127.0.0.1&port=http&request=x"),
                "host and/or port param are invalid. lookup tcp/http: unknown port\n");
    }

    private static void assertBadRequest(Wire.Response r, String body) {
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.body()).isEqualTo(body);
        assertThat(r.headers()).containsEntry("content-type", "text/plain; charset=utf-8")
                .containsEntry("x-content-type-options", "nosniff");
    }
}
