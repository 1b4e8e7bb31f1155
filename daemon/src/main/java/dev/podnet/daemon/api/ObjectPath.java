package dev.podnet.daemon.api;

import dev.podnet.api.ResourceType;
import dev.podnet.api.Resources;
import java.util.List;
import java.util.Optional;

/**
 * A Kubernetes REST path taken apart: {@code /api/v1/namespaces/NS/pods/NAME/status} →
 * type pods, namespace NS, name NAME, subresource status.
 */
public record ObjectPath(ResourceType type, String namespace, String name, String subresource) {

  public static Optional<ObjectPath> parse(List<String> seg) {
    int i;
    String group;
    String version;
    if (seg.size() >= 2 && seg.get(0).equals("api")) {
      group = "";
      version = seg.get(1);
      i = 2;
    } else if (seg.size() >= 3 && seg.get(0).equals("apis")) {
      group = seg.get(1);
      version = seg.get(2);
      i = 3;
    } else {
      return Optional.empty();
    }
    List<String> rest = seg.subList(i, seg.size());
    if (rest.isEmpty()) {
      return Optional.empty();
    }
    String ns = "";
    if (rest.size() >= 3 && rest.get(0).equals("namespaces")) {
      ns = rest.get(1);
      rest = rest.subList(2, rest.size());
    }
    String plural = rest.get(0);
    Optional<ResourceType> t = Resources.all().stream()
        .filter(r -> r.plural().equals(plural) && r.group().equals(group) && r.version().equals(version)).findFirst();
    if (t.isEmpty() || rest.size() > 3) {
      return Optional.empty();
    }
    return Optional.of(new ObjectPath(t.get(), ns, rest.size() > 1 ? rest.get(1) : "", rest.size() > 2 ? rest.get(2) : ""));
  }

  /**
   * False where upstream answers 405: POST creates only in a collection, and a subresource is
   * read, replaced or patched, never created or deleted (DELETE on /scale must not delete the object).
   */
  public boolean allows(String method) {
    return switch (method) {
      case "POST" -> isCollection() && subresource.isEmpty();
      case "DELETE" -> subresource.isEmpty();
      default -> true;
    };
  }

  public boolean isCollection() {
    return name.isEmpty();
  }

  /** {@code pods "web"} as Kubernetes names an object in messages. */
  public String describe() {
    return type.plural() + " \"" + name + "\"";
  }
}
