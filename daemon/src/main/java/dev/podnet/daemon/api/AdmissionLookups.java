package dev.podnet.daemon.api;

import dev.podnet.api.Resources;
import dev.podnet.store.Informer;
import dev.podnet.store.Store;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import java.time.Duration;
import java.util.Optional;

/**
 * What admission reads on every create (the object's Namespace, a Pod's ServiceAccount), from
 * informer caches as upstream's admission plugins do, with a live read when the cache has not
 * seen the object yet (a namespace created a moment ago). Without it every create cost three
 * extra etcd round trips.
 */
public final class AdmissionLookups implements AutoCloseable {
  private final Store store;
  private final Optional<Informer<Namespace>> namespaces;
  private final Optional<Informer<ServiceAccount>> accounts;

  private AdmissionLookups(Store store, Optional<Informer<Namespace>> namespaces, Optional<Informer<ServiceAccount>> accounts) {
    this.store = store;
    this.namespaces = namespaces;
    this.accounts = accounts;
  }

  /** Every lookup a store read (tests, and until the caches run). */
  public static AdmissionLookups live(Store store) {
    return new AdmissionLookups(store, Optional.empty(), Optional.empty());
  }

  /** Lookups from caches kept by two informers, started here. */
  public static AdmissionLookups cached(Store store) {
    Informer<Namespace> ns = new Informer<>(store, Resources.NAMESPACES, "");
    Informer<ServiceAccount> sa = new Informer<>(store, Resources.SERVICEACCOUNTS, "");
    ns.start();
    sa.start();
    ns.awaitSynced(Duration.ofSeconds(30));
    sa.awaitSynced(Duration.ofSeconds(30));
    return new AdmissionLookups(store, Optional.of(ns), Optional.of(sa));
  }

  Optional<Namespace> namespace(String name) {
    Optional<Namespace> cached = namespaces.flatMap(i -> i.get("", name));
    return cached.isPresent() ? cached : store.find(Resources.NAMESPACES, "", name);
  }

  boolean serviceAccountExists(String namespace, String name) {
    return accounts.flatMap(i -> i.get(namespace, name)).isPresent() || store.find(Resources.SERVICEACCOUNTS, namespace, name).isPresent();
  }

  @Override
  public void close() {
    namespaces.ifPresent(Informer::close);
    accounts.ifPresent(Informer::close);
  }
}
