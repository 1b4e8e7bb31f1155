package dev.podnet.netexec;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class NetexecHttpTest {
    private final List<Integer> exits = Netexecs.exits();
    private final String hostname = Hostname.current();
    private Netexec netexec;
    private int port;

    @BeforeEach
    void start() throws Exception {
        netexec = Netexecs.start(exits);
        port = netexec.httpPort();
    }

    @AfterEach
    void stop() {
        netexec.close();
    }

    @Test
    void rootPrintsNowAsGoPrintsTimeNow() throws Exception {
        Wire.Response r = Wire.get(port, "/");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body()).matches("NOW: \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d(\\.\\d{1,9})? [+-]\\d{4} \\S+ m=\\+\\d+\\.\\d{9}");
    }

    @Test
    void aPathWithoutARouteIsAnsweredByTheRootHandlerAsGoServeMuxDoes() throws Exception {
        assertThat(Wire.get(port, "/no/such/thing").body()).startsWith("NOW: ");
        assertThat(Wire.get(port, "/hostname/").body()).startsWith("NOW: ");
    }

    @Test
    void hostnameInBothSpellingsHasNoTrailingNewlineAndGoHeaders() throws Exception {
        for (String path : List.of("/hostname", "/hostName")) {
            Wire.Response r = Wire.get(port, path);
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.body()).isEqualTo(hostname);
            assertThat(r.headers()).containsEntry("content-type", "text/plain; charset=utf-8")
                    .containsEntry("content-length", String.valueOf(hostname.length())).containsKey("date");
        }
    }

    @Test
    void clientipIsThePeersIpAndPort() throws Exception {
        try (java.net.Socket socket = new java.net.Socket(Wire.LOOPBACK, port)) {
            socket.getOutputStream().write("GET /clientip HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".getBytes());
            Wire.Response r = Wire.parse(Wire.readAll(socket.getInputStream()));
            assertThat(r.body()).isEqualTo("127.0.0.1:" + socket.getLocalPort());
        }
    }

    @Test
    void echoReturnsTheMessageWithTheGivenStatus() throws Exception {
        assertThat(Wire.get(port, "/echo?msg=hello%20there").body()).isEqualTo("hello there");
        Wire.Response teapot = Wire.get(port, "/echo?msg=short&code=418");
        assertThat(teapot.status()).isEqualTo(418);
        assertThat(teapot.body()).isEqualTo("short");
        Wire.Response bad = Wire.get(port, "/echo?msg=x&code=abc");
        assertThat(bad.status()).isEqualTo(200);
        assertThat(bad.body()).isEqualTo("argument 'code' must be an integer or empty, got \"abc\"\n");
    }

    @Test
    void echoReadsAUrlEncodedPostBodyLikeFormValue() throws Exception {
        String body = "msg=from+the+body";
        Wire.Response r = Wire.send(port, "POST /echo?msg=from-query HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
                + "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: " + body.length() + "\r\n\r\n" + body);
        assertThat(r.body()).isEqualTo("from the body");
    }

    @Test
    void headerReturnsOneValueOrAllHeadersAsGoJsonWithoutHost() throws Exception {
        assertThat(Wire.get(port, "/header?key=x-probe").body()).isEqualTo("one");
        assertThat(Wire.get(port, "/header?key=X-Absent").body()).isEmpty();
        assertThat(Wire.get(port, "/header").body()).isEqualTo("{\"Connection\":[\"close\"],\"X-Probe\":[\"one\"]}");
    }

    @Test
    void redirectIsAFoundWithGoRedirectBodyAndRelativeLocationsMadeAbsolute() throws Exception {
        Wire.Response r = Wire.get(port, "/redirect?location=/echo%3Fmsg%3Dfoobar");
        assertThat(r.status()).isEqualTo(302);
        assertThat(r.headers()).containsEntry("location", "/echo?msg=foobar")
                .containsEntry("content-type", "text/html; charset=utf-8");
        assertThat(r.body()).isEqualTo("<a href=\"/echo?msg=foobar\">Found</a>.\n\n");
        assertThat(Wire.get(port, "/redirect?location=hostname&code=307").headers())
                .containsEntry("location", "/hostname");
        assertThat(Wire.get(port, "/redirect?location=x&code=abc").body())
                .isEqualTo("argument 'code' must be an integer or empty, got \"abc\"\n");
    }

    @Test
    void healthzAndReadyzAreOkOnceTheUdpServerIsUp() throws Exception {
        Wire.Response health = Wire.get(port, "/healthz");
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.body()).isEmpty();
        assertThat(health.headers()).containsEntry("content-length", "0").doesNotContainKey("content-type");
        Wire.Response ready = Wire.get(port, "/readyz");
        assertThat(ready.status()).isEqualTo(200);
        assertThat(ready.body()).isEqualTo("ok");
    }

    @Test
    void withoutAUdpServerHealthzStaysPreconditionFailedAsUpstreamsQuirk() throws Exception {
        try (Netexec noUdp = Netexecs.start(exits, Duration.ZERO, Optional.empty(), false)) {
            assertThat(Wire.get(noUdp.httpPort(), "/healthz").status()).isEqualTo(412);
            assertThat(Wire.get(noUdp.httpPort(), "/readyz").status()).isEqualTo(412);
            assertThat(Wire.get(noUdp.httpPort(), "/hostname").status()).isEqualTo(200);
        }
    }

    @Test
    void afterSigtermReadyzIs503WhileHealthzStaysOkAndTheProcessExitsZeroAfterTheDelay() throws Exception {
        try (Netexec delayed = Netexecs.start(exits, Duration.ofMillis(1500), Optional.empty(), true)) {
            delayed.termination().onSignal(Signals.SIGTERM);
            Wire.Response ready = Wire.get(delayed.httpPort(), "/readyz");
            assertThat(ready.status()).isEqualTo(503);
            assertThat(ready.body()).isEqualTo("shutting down");
            assertThat(Wire.get(delayed.httpPort(), "/healthz").status()).isEqualTo(200);
            assertThat(exits).isEmpty();
            Thread.sleep(2500);
            assertThat(exits).containsExactly(0);
        }
    }

    @Test
    void sigtermWithoutDelayExitsAtOnceAsDyingOfTheSignalWould() {
        netexec.termination().onSignal(Signals.SIGTERM);
        assertThat(exits).containsExactly(143);
    }

    @Test
    void exitWithoutTimeoutEndsTheProcessWithoutAnAnswer() throws Exception {
        Wire.Response r = Wire.get(port, "/exit?code=3");
        assertThat(r.status()).isZero();
        assertThat(exits).containsExactly(3);
    }

    @Test
    void exitWithATimeoutAnswersFirstThenEnds() throws Exception {
        Wire.Response r = Wire.get(port, "/exit?code=7&timeout=1s&wait=10ms");
        assertThat(r.status()).isEqualTo(200);
        Thread.sleep(200);
        assertThat(exits).containsExactly(7);
        assertThat(Wire.get(port, "/exit?timeout=soon").body())
                .isEqualTo("argument 'timeout' must be a valid golang duration or empty, got \"soon\"\n");
    }

    @Test
    void shutdownExitsZero() throws Exception {
        Wire.get(port, "/shutdown");
        assertThat(exits).containsExactly(0);
    }

    @Test
    void shellAnswersCombinedOutputAndTheExitStatusAsSortedJson() throws Exception {
        assertThat(Wire.get(port, "/shell?cmd=echo%20out%3B%20echo%20err%201%3E%262").body())
                .isEqualTo("{\"output\":\"out\\nerr\\n\"}");
        Wire.Response failed = Wire.get(port, "/shell?shellCommand=echo%20%27%3Cx%3E%27%3B%20exit%203");
        assertThat(failed.status()).isEqualTo(200);
        assertThat(failed.body()).isEqualTo("{\"error\":\"exit status 3\",\"output\":\"\\u003cx\\u003e\\n\"}");
    }

    @Test
    void httpOverrideAnswersEveryRequestAsTheOverridePath() throws Exception {
        try (Netexec overridden = Netexecs.start(exits, Duration.ZERO, Optional.of("/echo?msg=overridden"), true)) {
            assertThat(Wire.get(overridden.httpPort(), "/hostname").body()).isEqualTo("overridden");
            assertThat(Wire.get(overridden.httpPort(), "/anything?msg=no").body()).isEqualTo("overridden");
        }
    }

    @Test
    void aRawSemicolonStaysInTheValue() throws Exception {
        assertThat(Wire.get(port, "/echo?msg=a;b").body()).isEqualTo("a;b");
    }

    @Test
    void headIsAnsweredWithoutABody() throws Exception {
        Wire.Response r = Wire.send(port, "HEAD /hostname HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body()).isEmpty();
    }
}
