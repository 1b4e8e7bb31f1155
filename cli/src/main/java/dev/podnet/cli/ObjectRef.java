package dev.podnet.cli;

import dev.podnet.api.ResourceType;
import dev.podnet.api.Resources;
import dev.podnet.cli.print.Output;

/** One object a command names: {@code pod/web} in namespace {@code default}. Cluster-scoped kinds ignore the namespace. */
record ObjectRef(ResourceType type, String namespace, String name) {

  ObjectRef {
    namespace = type.namespaced() ? namespace : "";
  }

  /** A kind by any of kubectl's names; an unknown name in kubectl's words. */
  static ResourceType kind(String name) {
    return Resources.byName(name).orElseThrow(() -> new CliException("the server doesn't have a resource type \"" + name + "\""));
  }

  String path() {
    return type.path(namespace, name);
  }

  /** {@code pod/web}, {@code deployment.apps/web}. */
  @Override
  public String toString() {
    return Output.qualifiedKind(type) + "/" + name;
  }

  /** {@code pod "web"}: how delete reports it. */
  String quoted() {
    return Output.qualifiedKind(type) + " \"" + name + "\"";
  }

  /** {@code pods/web}: how wait's timeout names it. */
  String plural() {
    return type.plural() + "/" + name;
  }
}
