package dev.podnet.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "apply", mixinStandardHelpOptions = true,
    description = "Create or update objects from manifests. Nothing is stored unless every object is valid and the server would accept it.",
    footer = {"", "Examples:", "  podnet apply -f web.yaml", "  podnet apply -f manifests/ -f extra.yaml", "  cat web.yaml | podnet apply -f -"})
final class ApplyCommand implements Callable<Integer> {
  private final Session session;

  @Option(names = {"-f", "--filename"}, required = true, paramLabel = "FILE",
      description = "A manifest file (YAML or JSON, multi-document), a directory of .yaml/.yml/.json files, or - for stdin; repeatable.")
  List<String> files = new ArrayList<>();

  @Mixin
  NamespaceOption namespace;

  ApplyCommand(Session session) {
    this.session = session;
  }

  @Override
  public Integer call() {
    new Apply(session.api()).run(ManifestFiles.read(files, System.in), namespace.namespace, namespace.given()).forEach(session.out::println);
    return 0;
  }
}
