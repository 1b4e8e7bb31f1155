package dev.podnet.store;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** What an informer told its handler, one line per call: {@code add default/web}, {@code update default/web}. */
final class InformerLog<T extends HasMetadata> {
  private final List<String> lines = new CopyOnWriteArrayList<>();

  Informer<T> attachTo(Informer<T> informer) {
    return informer.addHandler(o -> lines.add("add " + name(o)), (old, o) -> lines.add("update " + name(o)), o -> lines.add("delete " + name(o)));
  }

  List<String> lines() {
    return List.copyOf(lines);
  }

  void clear() {
    lines.clear();
  }

  private static String name(HasMetadata o) {
    String ns = o.getMetadata().getNamespace();
    return (ns == null || ns.isEmpty() ? "" : ns + "/") + o.getMetadata().getName();
  }
}
