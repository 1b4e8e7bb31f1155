package dev.podnet.cli;

import dev.podnet.api.Defaults;
import picocli.CommandLine.Option;

/** {@code -n NS}: the namespace of namespaced objects, {@code default} unless given. */
final class NamespaceOption {
  @Option(names = {"-n", "--namespace"}, paramLabel = "NS", description = "The namespace of the objects (default: ${DEFAULT-VALUE}).",
      defaultValue = Defaults.DEFAULT_NAMESPACE)
  String namespace;

  boolean given() {
    return !Defaults.DEFAULT_NAMESPACE.equals(namespace);
  }
}
