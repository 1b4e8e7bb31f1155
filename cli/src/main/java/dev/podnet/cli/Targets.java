package dev.podnet.cli;

import dev.podnet.api.ResourceType;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What {@code get}, {@code delete}, {@code describe} and {@code wait} act on, written as kubectl takes it:
 * {@code KIND NAME...}, {@code KIND/NAME...}, or a bare {@code KIND} for all objects of that kind.
 *
 * @param named      the objects named, in the order given
 * @param collection the kind when no names were given
 */
record Targets(List<ObjectRef> named, Optional<ResourceType> collection) {

  static Targets parse(List<String> args, String namespace) {
    if (args.isEmpty()) {
      throw new CliException("you must specify the type of resource, e.g. pods, deployments, nodes, namespaces");
    }
    List<ObjectRef> named = new ArrayList<>();
    if (args.get(0).contains("/")) {
      for (String a : args) {
        int slash = a.indexOf('/');
        if (slash <= 0 || slash == a.length() - 1) {
          throw new CliException("there is no need to specify a resource type as a separate argument when passing arguments in resource/name form (got \"" + a + "\")");
        }
        named.add(new ObjectRef(ObjectRef.kind(a.substring(0, slash)), namespace, a.substring(slash + 1)));
      }
      return new Targets(named, Optional.empty());
    }
    ResourceType type = ObjectRef.kind(args.get(0));
    args.subList(1, args.size()).forEach(n -> named.add(new ObjectRef(type, namespace, n)));
    return new Targets(named, named.isEmpty() ? Optional.of(type) : Optional.empty());
  }
}
