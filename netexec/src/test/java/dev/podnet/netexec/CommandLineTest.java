package dev.podnet.netexec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class CommandLineTest {
    @Test
    void flagsTakeTheirValueAfterAnEqualsSignOrAsTheNextArgumentWithOneOrTwoDashes() throws Exception {
        CommandLine.Parsed p = Netexec.COMMAND_LINE.parse(List.of("--http-port=9000", "--udp-port", "-1", "-delay-shutdown", "5"));
        assertThat(p.integer("http-port")).isEqualTo(9000);
        assertThat(p.integer("udp-port")).isEqualTo(-1);
        assertThat(p.integer("delay-shutdown")).isEqualTo(5);
        assertThat(p.integer("sctp-port")).isEqualTo(-1);
    }

    @Test
    void udpPortMinusOneMeansNoUdpListener() throws Exception {
        Netexec.Options options = Netexec.options(Netexec.COMMAND_LINE.parse(List.of("--udp-port=-1")));
        assertThat(options.udpAddresses()).isEmpty();
        assertThat(options.http().getPort()).isEqualTo(8080);
        assertThat(options.delayShutdown()).isEqualTo(Duration.ZERO);
    }

    @Test
    void udpListenAddressesAreDeduplicated() throws Exception {
        Netexec.Options options = Netexec.options(
                Netexec.COMMAND_LINE.parse(List.of("--udp-listen-addresses=127.0.0.1,127.0.0.1,::1")));
        assertThat(options.udpAddresses()).hasSize(2);
        assertThatThrownBy(() -> Netexec.options(Netexec.COMMAND_LINE.parse(List.of("--udp-listen-addresses=pod-a"))))
                .hasMessage("parseAddress: invalid address pod-a");
    }

    @Test
    void booleansAreBareOrTakeAnEqualsValue() throws Exception {
        CommandLine.Parsed p = ServeHostname.COMMAND_LINE.parse(List.of("--tcp", "--http=false", "--close=1"));
        assertThat(p.bool("tcp")).isTrue();
        assertThat(p.bool("http")).isFalse();
        assertThat(p.bool("close")).isTrue();
        assertThat(p.bool("udp")).isFalse();
    }

    @Test
    void badFlagsSayWhichFlagAndWhy() {
        assertThatThrownBy(() -> Netexec.COMMAND_LINE.parse(List.of("--nope"))).hasMessage("unknown flag: --nope");
        assertThatThrownBy(() -> Netexec.COMMAND_LINE.parse(List.of("--http-port=eighty")))
                .hasMessage("invalid argument \"eighty\" for \"--http-port\" flag: not an integer");
        assertThatThrownBy(() -> Netexec.COMMAND_LINE.parse(List.of("--http-port"))).hasMessage("flag needs an argument: --http-port");
        assertThatThrownBy(() -> Connect.COMMAND_LINE.parse(List.of("--timeout=5"))).hasMessageContaining("missing unit");
    }

    @Test
    void helpIsNotAnError() {
        assertThatThrownBy(() -> Pause.COMMAND_LINE.parse(List.of("--help")))
                .isInstanceOfSatisfying(UsageException.class, e -> assertThat(e.helpAsked()).isTrue());
        assertThat(Pause.COMMAND_LINE.usage()).contains("--delay-shutdown int");
    }

    @Test
    void goDurationsParseAsGoParsesThem() {
        assertThat(GoDuration.parse("5s")).isEqualTo(Duration.ofSeconds(5));
        assertThat(GoDuration.parse("1m30s")).isEqualTo(Duration.ofSeconds(90));
        assertThat(GoDuration.parse("250ms")).isEqualTo(Duration.ofMillis(250));
        assertThat(GoDuration.parse("1.5h")).isEqualTo(Duration.ofMinutes(90));
        assertThat(GoDuration.parse("0")).isEqualTo(Duration.ZERO);
        assertThatThrownBy(() -> GoDuration.parse("5x")).hasMessage("time: unknown unit \"x\" in duration \"5x\"");
    }

    @Test
    void pauseExitsOneAfterSigintAndTwoAfterSigtermAsUpstream() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThat(Pause.onSignal(Signals.SIGINT, 0, new PrintStream(out, true))).isEqualTo(1);
        assertThat(Pause.onSignal(Signals.SIGTERM, 0, new PrintStream(out, true))).isEqualTo(2);
        assertThat(out.toString()).isEqualTo("exiting 1\nexiting 2\n");
    }

    @Test
    void jsonEscapesAsGoEncodingJsonDoesWithKeysSorted() {
        assertThat(Json.strings(java.util.Map.of("output", "a<b>&\"c\"\n", "error", "e")))
                .isEqualTo("{\"error\":\"e\",\"output\":\"a\\u003cb\\u003e\\u0026\\\"c\\\"\\n\"}");
    }
}
