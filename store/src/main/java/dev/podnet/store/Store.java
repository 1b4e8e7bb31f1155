package dev.podnet.store;

import dev.podnet.api.ResourceType;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The cluster's desired state, as Kubernetes' storage layer keeps it: objects by type, namespace and
 * name, each with a resourceVersion that is the store revision of its last change. Writes are
 * optimistic: an update carrying a resourceVersion only succeeds if nothing changed the object since.
 * An empty namespace means "cluster-scoped" for a cluster-scoped type and "all namespaces" in
 * {@link #list} and {@link #watch}. Methods never take or return {@code null}; failures are
 * {@link StoreException}s. Objects passed in are never modified; results are fresh copies.
 */
public interface Store {

  /**
   * Stores a new object and returns it as stored: with a new uid, creationTimestamp, generation 1 and
   * resourceVersion. An empty name with a generateName gets a random suffix.
   */
  <T extends HasMetadata> T create(T obj);

  <T extends HasMetadata> Optional<T> find(ResourceType type, String namespace, String name);

  default <T extends HasMetadata> T get(ResourceType type, String namespace, String name) {
    Optional<T> found = find(type, namespace, name);
    return found.orElseThrow(() -> StoreException.notFound(type, name));
  }

  /**
   * Replaces a stored object. With a resourceVersion it must be the current one (else CONFLICT);
   * without, the update is unconditional. uid and creationTimestamp stay as stored; generation
   * increments when spec changed. An update that changes nothing writes nothing and returns the
   * stored object with its resourceVersion unchanged.
   */
  <T extends HasMetadata> T update(T obj);

  /**
   * Read, mutate, write, again on CONFLICT: what a controller does to change one field without losing
   * anyone else's changes. {@code mutate} gets a fresh copy of the current object, may modify and
   * return it, and must be safe to call more than once.
   */
  <T extends HasMetadata> T guaranteedUpdate(ResourceType type, String namespace, String name, UnaryOperator<T> mutate);

  /**
   * Writes the object's status, as the API's {@code /status} subresource does. This store keeps
   * whole objects, so by default it is {@link #update}; a store over the API writes the subresource.
   */
  default <T extends HasMetadata> T updateStatus(T obj) {
    return update(obj);
  }

  /** {@link #guaranteedUpdate} for what a status writer changes (kubelet, controllers' status). */
  default <T extends HasMetadata> T guaranteedUpdateStatus(ResourceType type, String namespace, String name, UnaryOperator<T> mutate) {
    return guaranteedUpdate(type, namespace, name, mutate);
  }

  /** Removes an object and returns its last stored state. */
  default <T extends HasMetadata> T delete(ResourceType type, String namespace, String name) {
    return delete(type, namespace, name, Preconditions.NONE);
  }

  /** Removes an object if it still has the given uid and/or resourceVersion, else CONFLICT. */
  <T extends HasMetadata> T delete(ResourceType type, String namespace, String name, Preconditions preconditions);

  <T extends HasMetadata> ListResult<T> list(ResourceType type, String namespace);

  /**
   * A page of the collection: at most {@code options.limit()} objects passing its filter, from where
   * its continue token says, all pages at the revision of the first. A token whose revision was
   * compacted fails GONE; a token this store did not write fails BAD_REQUEST.
   */
  <T extends HasMetadata> ListResult<T> list(ResourceType type, String namespace, ListOptions options);

  /**
   * Streams the changes strictly after {@code fromResourceVersion} (0: after now) in revision order.
   * History the store has compacted away ends the watch with a GONE error.
   */
  <T extends HasMetadata> Watch watch(ResourceType type, String namespace, long fromResourceVersion, WatchHandler<T> handler);
}
