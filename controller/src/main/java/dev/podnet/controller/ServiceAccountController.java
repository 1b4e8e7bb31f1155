package dev.podnet.controller;

import dev.podnet.api.Resources;
import dev.podnet.store.Informer;
import dev.podnet.store.Store;
import dev.podnet.store.StoreException;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives every namespace its {@code default} ServiceAccount, and gives it back if it is deleted,
 * as kube-controller-manager's serviceaccount-controller does: pods that name no account run
 * as it, so it must exist before their first pod is admitted. A namespace being deleted gets none.
 */
public final class ServiceAccountController extends SyncLoop<String> {
  private static final Logger LOG = LoggerFactory.getLogger(ServiceAccountController.class);
  static final String NAME = "serviceaccount";
  public static final String DEFAULT = "default";

  private final Store store;
  private final Informer<Namespace> namespaces;
  private final Informer<ServiceAccount> accounts;

  public ServiceAccountController(Store store) {
    this(store, new Informers(store), true);
  }

  ServiceAccountController(Store store, Informers informers, boolean ownsInformers) {
    super(NAME, informers, ownsInformers, List.of(informers.of(Resources.NAMESPACES), informers.of(Resources.SERVICEACCOUNTS)));
    this.store = store;
    this.namespaces = informers.of(Resources.NAMESPACES);
    this.accounts = informers.of(Resources.SERVICEACCOUNTS);
    namespaces.addHandler(ns -> enqueue(ns.getMetadata().getName()), (old, ns) -> enqueue(ns.getMetadata().getName()), ns -> { });
    accounts.addHandler(sa -> { }, (old, sa) -> { }, sa -> enqueue(sa.getMetadata().getNamespace()));
  }

  @Override
  void sync(String namespace) {
    Optional<Namespace> ns = namespaces.get("", namespace);
    if (ns.isEmpty() || ns.get().getMetadata().getDeletionTimestamp() != null
        || ns.get().getStatus() != null && "Terminating".equals(ns.get().getStatus().getPhase())
        || accounts.get(namespace, DEFAULT).isPresent()) {
      return;
    }
    try {
      store.create(new ServiceAccountBuilder().withNewMetadata().withName(DEFAULT).withNamespace(namespace).endMetadata().build());
      LOG.info("serviceaccount created namespace={} name={}", namespace, DEFAULT);
    } catch (StoreException e) {
      if (!e.is(StoreException.Reason.ALREADY_EXISTS) && !e.is(StoreException.Reason.NOT_FOUND)) {
        throw e;
      }
    }
  }
}
