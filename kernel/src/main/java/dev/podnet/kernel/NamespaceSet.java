package dev.podnet.kernel;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The namespaces a process joins: a network namespace and, for pods and nodes, a UTS namespace
 * (its hostname). Mount namespaces are made per process by whoever starts it.
 */
public record NamespaceSet(Netns net, Optional<Path> uts) {

  public static NamespaceSet of(Netns net, Path uts) {
    return new NamespaceSet(net, Optional.of(uts));
  }

  /** {@code argv} wrapped so it runs inside these namespaces; stdin, stdout and exit code pass through. */
  public List<String> command(List<String> argv) {
    List<String> out = new ArrayList<>();
    if (!(net instanceof Netns.Host) || uts.isPresent()) {
      out.add("nsenter");
      out.addAll(net.nsenter());
      uts.ifPresent(u -> out.add("--uts=" + u));
      out.add("--");
    }
    out.addAll(argv);
    return out;
  }

  public ProcessBuilder processBuilder(List<String> argv) {
    return new ProcessBuilder(command(argv));
  }
}
