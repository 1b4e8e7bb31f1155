package dev.podnet.cli;

import dev.podnet.api.Resources;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "logs", mixinStandardHelpOptions = true, description = "Print the log of a container in a pod.")
final class LogsCommand implements Callable<Integer> {
  private final Session session;

  @Parameters(index = "0", paramLabel = "POD", description = "The pod (NAME or pod/NAME).")
  String pod;

  @Option(names = {"-c", "--container"}, paramLabel = "CONTAINER", description = "The container (default: the pod's only or first one).")
  String container;

  @Option(names = {"-f", "--follow"}, description = "Keep printing as the log grows.")
  boolean follow;

  @Option(names = "--tail", paramLabel = "N", defaultValue = "-1", description = "Only the last N lines (default: all).")
  int tail;

  @Option(names = {"-p", "--previous"}, description = "The log of the previous, terminated, run of the container.")
  boolean previous;

  @Mixin
  NamespaceOption namespace;

  LogsCommand(Session session) {
    this.session = session;
  }

  @Override
  public Integer call() {
    String name = pod.startsWith("pod/") ? pod.substring(4) : pod;
    StringBuilder path = new StringBuilder(Resources.PODS.path(namespace.namespace, name)).append("/log?follow=").append(follow);
    // the API wants a container for a pod with several, as upstream's; like kubectl, default to the first
    String chosen = container != null ? container
        : session.api().get(Resources.PODS.path(namespace.namespace, name)).path("spec").path("containers").path(0).path("name").asText("");
    if (!chosen.isEmpty()) {
      path.append("&container=").append(Collection.encode(chosen));
    }
    if (tail >= 0) {
      path.append("&tailLines=").append(tail);
    }
    if (previous) {
      path.append("&previous=true");
    }
    session.api().stream(path.toString(), Duration.ZERO, line -> {
      session.out.println(line);
      return true;
    });
    return 0;
  }
}
