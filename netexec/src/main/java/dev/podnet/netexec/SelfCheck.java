package dev.podnet.netexec;

import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code agnhost self-check}: netexec on ephemeral loopback ports, every endpoint and UDP command
 * walked once through agnhost's own clients. The build runs it to record which classes a real
 * container loads (agnhost.jsa); anyone can run it to see that this agnhost works here.
 */
final class SelfCheck {
    static final CommandLine COMMAND_LINE = new CommandLine("self-check", "");

    private static final List<String> PATHS = List.of("", "hostname", "hostName", "clientip", "echo?msg=hi&code=201",
            "header?key=User-Agent", "header", "healthz", "readyz", "redirect?location=/hostname", "shell?cmd=true",
            "nope");

    private SelfCheck() {
    }

    static int run(PrintStream out) throws Exception {
        List<String> failures = new ArrayList<>();
        InetSocketAddress any = loopback(0);
        Netexec.Options options = new Netexec.Options(any, List.of(any), Duration.ZERO, Optional.empty(), Optional.empty());
        try (Netexec netexec = Netexec.start(options, code -> failures.add("exit " + code))) {
            InetSocketAddress http = loopback(netexec.httpPort());
            InetSocketAddress udp = loopback(netexec.udpPort());
            String hostname = Hostname.current();
            for (String path : PATHS) {
                Dial.http(path, http);
            }
            expect(failures, "GET /hostname", Dial.http("hostname", http), hostname);
            expect(failures, "UDP hostname", Dial.udp("hostname", udp), hostname);
            expect(failures, "UDP echo", Dial.udp("echo Hi", udp), "hi");
            String dial = "dial?host=127.0.0.1&port=" + udp.getPort() + "&protocol=udp&request=hostname&tries=2";
            expect(failures, "GET /dial udp", Dial.http(dial, http), "{\"responses\":[\"" + hostname + "\",\"" + hostname + "\"]}");
            expect(failures, "connect tcp", Connect.tcp(HostPort.of(http), Duration.ofSeconds(1)).stderr(), "");
            expect(failures, "connect udp", Connect.udp(HostPort.of(udp), Duration.ofSeconds(1), "hostname").stderr(), "");
        }
        failures.forEach(f -> out.println("self-check: " + f));
        out.println(failures.isEmpty() ? "self-check: ok" : "self-check: " + failures.size() + " failed");
        return failures.isEmpty() ? 0 : 1;
    }

    private static InetSocketAddress loopback(int port) {
        return new InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), port);
    }

    private static void expect(List<String> failures, String what, String got, String want) {
        if (!got.equals(want)) {
            failures.add(what + ": got \"" + got + "\", want \"" + want + "\"");
        }
    }
}
