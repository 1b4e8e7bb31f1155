package dev.podnet.cli;

import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** {@code podnet}: kubectl's habits for a podnet cluster on this host. The composition root of the CLI. */
@Command(name = "podnet", mixinStandardHelpOptions = true, version = "podnet 0.1.0",
    description = "Runs and inspects a podnet cluster: the Kubernetes networking model on this host.",
    footer = {"", "Install (from a checkout; podnet finds it through the link, builds on first use):",
        "  ln -s \"$PWD/bin/podnet\" /usr/local/bin/podnet", "Bash completion:", "  source <(podnet completion bash)"})
public final class Main implements Runnable {
  private final Session session;
  private CommandLine commandLine;

  Main(Session session) {
    this.session = session;
  }

  @Option(names = "--name", paramLabel = "CLUSTER", scope = ScopeType.INHERIT,
      description = "The cluster to talk to (default: podnet; its state lives in /var/lib/podnet/CLUSTER, base from $PODNET_STATE_DIR).")
  void name(String name) {
    session.clusterName(name);
  }

  public static void main(String[] args) {
    System.exit(run(Session.system(), args));
  }

  static int run(Session session, String... args) {
    return commandLine(session).execute(args);
  }

  static CommandLine commandLine(Session session) {
    Main main = new Main(session);
    CommandLine cl = new CommandLine(main);
    main.commandLine = cl;
    List.of(new UpCommand(session), new DownCommand(session), new StatusCommand(session), new ApplyCommand(session), new GetCommand(session),
        new DescribeCommand(session), new DeleteCommand(session), new WaitCommand(session), new ExecCommand(session), new LogsCommand(session),
        new KubeconfigCommand(session), new TraceCommand(session), new UiCommand(session),
        new TopCommand(session))
        .forEach(cl::addSubcommand);
    cl.addSubcommand(new dev.podnet.daemon.node.AgentCommand());
    cl.addSubcommand(new dev.podnet.daemon.node.JoinCommand());
    cl.addSubcommand(new CommandLine(new TokenCommand()).addSubcommand(new TokenCommand.Create(session)));
    cl.addSubcommand(new CompletionCommand(session, cl));
    cl.setOut(new PrintWriter(session.out, true));
    cl.setErr(new PrintWriter(session.err, true));
    cl.setExecutionExceptionHandler((e, command, parsed) -> fail(session, e));
    cl.setParameterExceptionHandler((e, args) -> {
      session.err.println("error: " + e.getMessage() + " (see: " + e.getCommandLine().getCommandSpec().qualifiedName() + " --help)");
      return 1;
    });
    return cl;
  }

  private static int fail(Session session, Exception e) {
    if (e instanceof ApiException api) {
      session.err.println(api.line());
    } else if (e instanceof CliException cli) {
      cli.lines().forEach(l -> session.err.println("error: " + l));
    } else {
      session.err.println("error: " + e);
    }
    return 1;
  }

  @Override
  public void run() {
    commandLine.usage(session.out);
  }
}
