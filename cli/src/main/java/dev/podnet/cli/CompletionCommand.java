package dev.podnet.cli;

import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "completion", mixinStandardHelpOptions = true, description = "Print a shell completion script: source <(podnet completion bash).")
final class CompletionCommand implements Callable<Integer> {
  private final Session session;
  private final CommandLine root;

  @Parameters(index = "0", paramLabel = "SHELL", description = "bash (zsh can load it too, with bashcompinit).")
  String shell;

  CompletionCommand(Session session, CommandLine root) {
    this.session = session;
    this.root = root;
  }

  @Override
  public Integer call() {
    if (!shell.equals("bash") && !shell.equals("zsh")) {
      throw new CliException("unsupported shell type \"" + shell + "\": podnet completes bash (and zsh through bashcompinit)");
    }
    session.out.print(AutoComplete.bash("podnet", root));
    return 0;
  }
}
