package dev.podnet.netexec;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The packaged launcher as a container runtime would exec it: target/agnhost, a real process. */
class AgnhostLauncherIT {
    private static final Path LAUNCHER = Path.of("target", "agnhost").toAbsolutePath();
    private final List<Process> started = new ArrayList<>();

    @AfterEach
    void killLeftovers() {
        started.forEach(Process::destroyForcibly);
    }

    private Process launch(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(LAUNCHER.toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        started.add(process);
        return process;
    }

    private static int freeTcpPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, Wire.LOOPBACK)) {
            return s.getLocalPort();
        }
    }

    private static int freeUdpPort() throws IOException {
        try (DatagramSocket s = new DatagramSocket(0, Wire.LOOPBACK)) {
            return s.getLocalPort();
        }
    }

    @Test
    void netexecServesItsHostnameWithinTwoSecondsOfExecAndStopsOnSigterm() throws Exception {
        assertThat(Files.isExecutable(LAUNCHER)).as("%s is built by mvn package", LAUNCHER).isTrue();
        int http = freeTcpPort();
        long started = System.nanoTime();
        Process netexec = launch("netexec", "--http-port=" + http, "--udp-port", String.valueOf(freeUdpPort()));
        Wire.Response first = null;
        while (first == null && System.nanoTime() - started < 10_000_000_000L) {
            try {
                first = Wire.get(http, "/hostname");
            } catch (IOException notYet) {
                Thread.sleep(10);
            }
        }
        long millis = (System.nanoTime() - started) / 1_000_000;
        assertThat(first).as("an answer within 10 s").isNotNull();
        assertThat(first.body()).isEqualTo(Hostname.current());
        assertThat(millis).as("start-to-first-200 in ms").isLessThan(2000);
        assertThat(Wire.get(http, "/healthz").status()).isEqualTo(200);
        netexec.destroy();
        assertThat(netexec.waitFor(5, TimeUnit.SECONDS)).isTrue();
        assertThat(netexec.exitValue()).isEqualTo(143);
    }

    @Test
    void connectToAClosedPortPrintsRefusedAndExitsOne() throws Exception {
        Process connect = new ProcessBuilder(LAUNCHER.toString(), "connect", "--timeout=2s", "127.0.0.1:" + freeTcpPort())
                .start();
        started.add(connect);
        assertThat(connect.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(connect.exitValue()).isEqualTo(1);
        assertThat(new String(connect.getErrorStream().readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("REFUSED\n");
    }

    @Test
    void anUnknownSubcommandIsAnErrorWithUsage() throws Exception {
        Process unknown = new ProcessBuilder(LAUNCHER.toString(), "frobnicate").start();
        started.add(unknown);
        assertThat(unknown.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(unknown.exitValue()).isEqualTo(1);
        assertThat(new String(unknown.getErrorStream().readAllBytes(), StandardCharsets.UTF_8))
                .startsWith("Error: unknown command \"frobnicate\" for \"agnhost\"");
    }

    @Test
    void pauseExitsTwoOnSigtermAsUpstream() throws Exception {
        Process pause = launch("pause");
        Thread.sleep(1500);
        pause.destroy();
        assertThat(pause.waitFor(5, TimeUnit.SECONDS)).isTrue();
        assertThat(pause.exitValue()).isEqualTo(2);
    }
}
