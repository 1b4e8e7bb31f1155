package dev.podnet.controller;

import dev.podnet.api.LabelSelector;
import dev.podnet.api.PodNames;
import dev.podnet.api.Resources;
import dev.podnet.api.Services;
import dev.podnet.store.Informer;
import dev.podnet.store.Store;
import dev.podnet.store.StoreException;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the EndpointSlices of every Service with a selector: the pods it selects, with their
 * addresses, nodes and ready/serving/terminating conditions, in slices labelled
 * {@code kubernetes.io/service-name} and owned by the Service. Slices are removed when the Service
 * goes, loses its selector or becomes ExternalName. It touches only slices it manages
 * ({@code endpointslice.kubernetes.io/managed-by}), so a Service without a selector may carry slices
 * someone else writes. Each sync reads from the store, so the slices it created a moment ago are
 * seen and never doubled.
 */
public final class EndpointSliceController extends SyncLoop<ObjectKey> {
  private static final Logger LOG = LoggerFactory.getLogger(EndpointSliceController.class);
  static final String NAME = "endpointslice";
  private static final int NAME_ATTEMPTS = 8;

  private final Store store;
  private final Informer<Service> services;

  public EndpointSliceController(Store store) {
    this(store, new Informers(store), true);
  }

  EndpointSliceController(Store store, Informers informers, boolean ownsInformers) {
    super(NAME, informers, ownsInformers,
        List.of(informers.of(Resources.SERVICES), informers.of(Resources.PODS), informers.of(Resources.ENDPOINTSLICES)));
    this.store = store;
    this.services = informers.of(Resources.SERVICES);
    services.addHandler(s -> enqueue(ObjectKey.of(s)), (old, s) -> enqueue(ObjectKey.of(s)), s -> enqueue(ObjectKey.of(s)));
    informers.<Pod>of(Resources.PODS).addHandler(this::onPodChanged, (old, pod) -> {
      onPodChanged(old);
      onPodChanged(pod);
    }, this::onPodChanged);
    informers.<EndpointSlice>of(Resources.ENDPOINTSLICES).addHandler(this::onSliceChanged, (old, s) -> onSliceChanged(s), this::onSliceChanged);
  }

  private void onPodChanged(Pod pod) {
    String namespace = pod.getMetadata().getNamespace();
    for (Service s : services.list()) {
      Map<String, String> selector = Services.selector(s);
      if (namespace.equals(s.getMetadata().getNamespace()) && !selector.isEmpty() && LabelSelector.of(selector).matches(Pods.labels(pod))) {
        enqueue(ObjectKey.of(s));
      }
    }
  }

  /** A slice of ours changed or went away behind our back: its Service is synced again to repair it. */
  private void onSliceChanged(EndpointSlice slice) {
    Map<String, String> labels = labels(slice);
    if (Services.MANAGED_BY_CONTROLLER.equals(labels.get(Services.MANAGED_BY_LABEL)) && labels.containsKey(Services.SERVICE_NAME_LABEL)) {
      enqueue(new ObjectKey(slice.getMetadata().getNamespace(), labels.get(Services.SERVICE_NAME_LABEL)));
    }
  }

  private static Map<String, String> labels(EndpointSlice slice) {
    return slice.getMetadata().getLabels() == null ? Map.of() : slice.getMetadata().getLabels();
  }

  @Override
  void sync(ObjectKey key) {
    List<EndpointSlice> existing = store.<EndpointSlice>list(Resources.ENDPOINTSLICES, key.namespace()).items().stream()
        .filter(s -> key.name().equals(labels(s).get(Services.SERVICE_NAME_LABEL))
            && Services.MANAGED_BY_CONTROLLER.equals(labels(s).get(Services.MANAGED_BY_LABEL))).toList();
    Optional<Service> found = store.find(Resources.SERVICES, key.namespace(), key.name());
    EndpointSlicePlan plan;
    if (found.isEmpty() || found.get().getMetadata().getDeletionTimestamp() != null || Services.selector(found.get()).isEmpty()
        || Services.EXTERNAL_NAME.equals(Services.type(found.get()))) {
      plan = new EndpointSlicePlan(List.of(), List.of(), existing);
    } else {
      LabelSelector selector = LabelSelector.of(Services.selector(found.get()));
      List<Pod> pods = store.<Pod>list(Resources.PODS, key.namespace()).items().stream().filter(p -> selector.matches(Pods.labels(p))).toList();
      plan = EndpointSlicePlan.plan(found.get(), pods, existing);
    }
    apply(key, plan);
  }

  private void apply(ObjectKey key, EndpointSlicePlan plan) {
    if (plan.isEmpty()) {
      return;
    }
    plan.creates().forEach(this::create);
    plan.updates().forEach(store::update);
    for (EndpointSlice s : plan.deletes()) {
      try {
        store.delete(Resources.ENDPOINTSLICES, s.getMetadata().getNamespace(), s.getMetadata().getName());
      } catch (StoreException e) {
        if (!e.is(StoreException.Reason.NOT_FOUND)) {
          throw e;
        }
      }
    }
    LOG.info("controller={} service={} slices created={} updated={} deleted={}", NAME, key, plan.creates().size(), plan.updates().size(),
        plan.deletes().size());
  }

  private void create(EndpointSlice slice) {
    String base = slice.getMetadata().getGenerateName();
    for (int attempt = 0; attempt < NAME_ATTEMPTS; attempt++) {
      slice.getMetadata().setName(PodNames.generate(base, ThreadLocalRandom.current()));
      try {
        store.create(slice);
        return;
      } catch (StoreException e) {
        if (!e.is(StoreException.Reason.ALREADY_EXISTS)) {
          throw e;
        }
      }
    }
    throw new StoreException(StoreException.Reason.ALREADY_EXISTS, "create endpointslice for service " + slice.getMetadata().getNamespace() + "/"
        + base + ": " + NAME_ATTEMPTS + " random names in a row were taken");
  }
}
