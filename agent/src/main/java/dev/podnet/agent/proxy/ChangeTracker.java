package dev.podnet.agent.proxy;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * What watch handlers record: the latest Service and EndpointSlices per Service, and which
 * Services changed since the last sync. Shared by both service datapaths (nftables and
 * {@code agent.ebpf}), so they see the API the same way. Many events for one Service become one entry, so a
 * burst (a Deployment of 100 pods going away) costs one rewrite of that Service.
 */
public final class ChangeTracker {
  private final Map<String, Service> services = new HashMap<>();
  private final Map<String, EndpointSlice> slices = new HashMap<>();
  /** Slice keys per Service key, so a sync of a few Services reads only their slices. */
  private final Map<String, Set<String>> slicesOf = new HashMap<>();
  private final Set<String> dirty = new LinkedHashSet<>();
  private boolean servicesSynced;
  private boolean slicesSynced;

  /** One Service's inputs at the time of the sync; {@code service} empty when it was deleted. */
  public record Change(String key, Optional<Service> service, List<EndpointSlice> slices) {}

  /** Records a Service event; returns the key of the Service it changed. */
  public synchronized String service(Service svc, boolean deleted) {
    String key = svc.getMetadata().getNamespace() + "/" + svc.getMetadata().getName();
    if (deleted) {
      services.remove(key);
    } else {
      services.put(key, svc);
    }
    dirty.add(key);
    return key;
  }

  /** Records an EndpointSlice event; returns the keys of the Services it changed (two when its label moved). */
  public synchronized Set<String> slice(EndpointSlice slice, boolean deleted) {
    String key = slice.getMetadata().getNamespace() + "/" + slice.getMetadata().getName();
    EndpointSlice old = deleted ? slices.remove(key) : slices.put(key, slice);
    Set<String> changed = new HashSet<>(2);
    if (old != null) {
      serviceOf(old).ifPresent(svc -> {
        changed.add(svc);
        Set<String> of = slicesOf.get(svc);
        if (of != null && of.remove(key) && of.isEmpty()) {
          slicesOf.remove(svc);
        }
      });
    }
    serviceOf(slice).ifPresent(svc -> {
      changed.add(svc);
      if (!deleted) {
        slicesOf.computeIfAbsent(svc, k -> new HashSet<>()).add(key);
      }
    });
    dirty.addAll(changed);
    return changed;
  }

  public synchronized void markServicesSynced() {
    servicesSynced = true;
  }

  public synchronized void markSlicesSynced() {
    slicesSynced = true;
  }

  /** kube-proxy's isInitialized: no rules until both lists are complete, or a partial list would reject real Services. */
  public synchronized boolean synced() {
    return servicesSynced && slicesSynced;
  }

  public synchronized boolean hasChanges() {
    return !dirty.isEmpty();
  }

  /** Forgets which Services changed (a datapath that keeps its own account, from {@link #current}). */
  public synchronized void forgetChanges() {
    dirty.clear();
  }

  /** The changed Services (or, with {@code all}, every one) and forgets the changes. */
  public synchronized List<Change> take(boolean all) {
    Set<String> keys = new TreeSet<>(dirty);
    if (all) {
      keys.addAll(services.keySet());
    }
    dirty.clear();
    List<Change> out = new ArrayList<>();
    for (String k : keys) {
      out.add(current(k));
    }
    return out;
  }

  /** Service {@code key}'s inputs now, without taking the change (a datapath that renders as events arrive). */
  public synchronized Change current(String key) {
    List<EndpointSlice> of = new ArrayList<>();
    Set<String> sliceKeys = slicesOf.getOrDefault(key, Set.of());
    for (String sliceKey : sliceKeys.size() == 1 ? sliceKeys : new TreeSet<>(sliceKeys)) {
      of.add(slices.get(sliceKey));
    }
    return new Change(key, Optional.ofNullable(services.get(key)), of);
  }

  private static Optional<String> serviceOf(EndpointSlice s) {
    Map<String, String> labels = s.getMetadata().getLabels();
    String svc = labels == null ? null : labels.get(ProxyNames.SERVICE_NAME_LABEL);
    return Optional.ofNullable(svc).map(n -> s.getMetadata().getNamespace() + "/" + n);
  }
}
