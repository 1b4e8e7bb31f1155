package dev.podnet.netexec;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * The composition root: {@code agnhost <subcommand> [flags]}, upstream's subcommands with
 * upstream's flags and exit codes. Each long-running subcommand blocks here until its signal.
 */
public final class Agnhost {
    private static final String USAGE = String.join("\n",
            "Usage:",
            "  agnhost [command]",
            "",
            "Available Commands:",
            "  connect        Attempts a TCP or UDP connection and returns useful errors",
            "  netexec        Creates HTTP(S) and UDP servers with various endpoints",
            "  pause          Pauses the execution",
            "  serve-hostname Serves the hostname",
            "  self-check     Runs netexec on loopback and walks its endpoints once (podnet's; trains agnhost.jsa)",
            "",
            "Use \"agnhost [command] --help\" for more information about a command.",
            "");

    private Agnhost() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0 || args[0].equals("-h") || args[0].equals("--help") || args[0].equals("help")) {
            System.out.print(USAGE);
            System.exit(0);
        }
        List<String> rest = Arrays.asList(args).subList(1, args.length);
        CommandLine command = commandLine(args[0]);
        if (command == null) {
            System.err.print("Error: unknown command \"" + args[0] + "\" for \"agnhost\"\n"
                    + "Run 'agnhost --help' for usage.\n");
            System.exit(1);
        }
        try {
            System.exit(run(args[0], command.parse(rest)));
        } catch (UsageException e) {
            PrintStream out = e.helpAsked() ? System.out : System.err;
            out.print((e.helpAsked() ? "" : "Error: " + e.getMessage() + "\n") + command.usage());
            System.exit(e.helpAsked() ? 0 : 1);
        }
    }

    private static CommandLine commandLine(String subcommand) {
        switch (subcommand) {
            case "netexec": return Netexec.COMMAND_LINE;
            case "connect": return Connect.COMMAND_LINE;
            case "serve-hostname": return ServeHostname.COMMAND_LINE;
            case "pause": return Pause.COMMAND_LINE;
            case "self-check": return SelfCheck.COMMAND_LINE;
            default: return null;
        }
    }

    private static int run(String subcommand, CommandLine.Parsed flags) throws Exception {
        if (!subcommand.equals("connect") && !flags.positionals().isEmpty()) {
            throw UsageException.of("unknown command \"" + flags.positionals().get(0) + "\" for \"agnhost " + subcommand + "\"");
        }
        switch (subcommand) {
            case "connect":
                Connect.Outcome outcome = Connect.run(flags);
                if (!outcome.stderr().isEmpty()) {
                    System.err.println(outcome.stderr());
                }
                return outcome.exitCode();
            case "netexec":
                return netexec(Netexec.options(flags));
            case "serve-hostname":
                return serveHostname(ServeHostname.options(flags));
            case "pause":
                return pause(flags.integer("delay-shutdown"));
            default:
                return SelfCheck.run(System.err);
        }
    }

    private static int netexec(Netexec.Options options) throws Exception {
        Netexec netexec = Netexec.start(options, ProcessExit.HALT);
        Signals.onTermination(netexec.termination()::onSignal);
        netexec.awaitClosed();
        return 0;
    }

    private static int serveHostname(ServeHostname.Options options) throws Exception {
        ServeHostname.start(options);
        Signals.onTermination(signal -> {
            if (signal == Signals.SIGINT) {
                ProcessExit.HALT.exit(128 + signal);
            }
            Log.info("Shutting down after receiving signal: terminated.");
            Log.info("Awaiting pod deletion.");
            sleep(Duration.ofSeconds(60));
            ProcessExit.HALT.exit(0);
        });
        Thread.currentThread().join();
        return 0;
    }

    private static int pause(int delaySeconds) throws InterruptedException {
        System.out.println("Paused");
        Signals.onTermination(signal -> ProcessExit.HALT.exit(Pause.onSignal(signal, delaySeconds, System.out)));
        Thread.currentThread().join();
        return 0;
    }

    static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
