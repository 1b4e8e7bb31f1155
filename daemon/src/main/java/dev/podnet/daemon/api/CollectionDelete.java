package dev.podnet.daemon.api;

import dev.podnet.store.ListOptions;
import dev.podnet.store.ListResult;
import dev.podnet.store.Store;
import dev.podnet.store.StoreException;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * DELETE on a collection, as upstream's deleteCollection: every object the selectors pick is deleted
 * exactly as a single DELETE would (pods gracefully), and the answer is the list of what was deleted,
 * in the state each delete left it.
 */
final class CollectionDelete {

  /** How one object is deleted; its state after the delete. */
  interface Deleter {
    HasMetadata delete(String namespace, String name);
  }

  private CollectionDelete() {}

  static Map<String, Object> run(Store store, ObjectPath p, ListQuery query, Deleter deleter) {
    ListResult<HasMetadata> l = store.list(p.type(), p.namespace(), new ListOptions(0, "", query.options().filter()));
    List<HasMetadata> deleted = new ArrayList<>();
    for (HasMetadata o : l.items()) {
      try {
        deleted.add(deleter.delete(java.util.Objects.requireNonNullElse(o.getMetadata().getNamespace(), ""), o.getMetadata().getName()));
      } catch (StoreException e) {
        if (!e.is(StoreException.Reason.NOT_FOUND)) { // gone meanwhile: someone else deleted it, as we wanted
          throw e;
        }
      }
    }
    return query.render(new ListResult<>(deleted, l.resourceVersion()));
  }
}
