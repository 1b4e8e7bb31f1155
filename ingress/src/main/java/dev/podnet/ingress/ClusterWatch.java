package dev.podnet.ingress;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressClass;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Informers on what routing depends on, in all namespaces, as ingress-nginx watches them:
 * IngressClasses, Ingresses, Services, EndpointSlices and TLS Secrets (only type
 * kubernetes.io/tls, so other Secrets never enter this process). Handlers only say "something
 * changed"; {@link Sync} reads the caches and computes everything anew.
 */
final class ClusterWatch implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ClusterWatch.class);
  private static final String SERVICE_NAME_LABEL = "kubernetes.io/service-name";

  private final SharedIndexInformer<IngressClass> classes;
  private final SharedIndexInformer<Ingress> ingresses;
  private final SharedIndexInformer<Service> services;
  private final SharedIndexInformer<EndpointSlice> slices;
  private final SharedIndexInformer<Secret> secrets;
  private final List<SharedIndexInformer<?>> all = new ArrayList<>();

  ClusterWatch(KubernetesClient client, Runnable changed) {
    classes = add(client.network().v1().ingressClasses().runnableInformer(0), changed);
    ingresses = add(client.network().v1().ingresses().inAnyNamespace().runnableInformer(0), changed);
    services = add(client.services().inAnyNamespace().runnableInformer(0), changed);
    slices = add(client.discovery().v1().endpointSlices().inAnyNamespace().runnableInformer(0), changed);
    secrets = add(client.secrets().inAnyNamespace().withField("type", "kubernetes.io/tls").runnableInformer(0), changed);
  }

  private <T extends HasMetadata> SharedIndexInformer<T> add(SharedIndexInformer<T> informer, Runnable changed) {
    informer.addEventHandler(new ResourceEventHandler<T>() {
      @Override
      public void onAdd(T obj) {
        changed.run();
      }

      @Override
      public void onUpdate(T oldObj, T newObj) {
        changed.run();
      }

      @Override
      public void onDelete(T obj, boolean deletedFinalStateUnknown) {
        changed.run();
      }
    });
    // the API may come up after this pod; a controller that stopped watching would route a frozen cluster, so always retry
    informer.exceptionHandler((started, t) -> {
      log.warn("watch failed (retrying) started={}: {}", started, t.toString());
      return true;
    });
    all.add(informer);
    return informer;
  }

  void start() {
    all.forEach(SharedIndexInformer::start);
  }

  boolean synced() {
    return all.stream().allMatch(SharedIndexInformer::hasSynced);
  }

  List<IngressClass> classes() {
    return classes.getStore().list();
  }

  List<Ingress> ingresses() {
    return ingresses.getStore().list();
  }

  Map<String, Service> services() {
    Map<String, Service> out = new HashMap<>();
    services.getStore().list().forEach(s -> out.put(key(s), s));
    return out;
  }

  /** Slices by the Service they belong to ({@code ns/name}). */
  Map<String, List<EndpointSlice>> slicesByService() {
    Map<String, List<EndpointSlice>> out = new HashMap<>();
    for (EndpointSlice s : slices.getStore().list()) {
      Map<String, String> labels = s.getMetadata().getLabels();
      String service = labels == null ? null : labels.get(SERVICE_NAME_LABEL);
      if (service != null) {
        out.computeIfAbsent(s.getMetadata().getNamespace() + "/" + service, k -> new ArrayList<>()).add(s);
      }
    }
    return out;
  }

  Map<String, Secret> tlsSecrets() {
    Map<String, Secret> out = new HashMap<>();
    secrets.getStore().list().forEach(s -> out.put(key(s), s));
    return out;
  }

  static String key(HasMetadata o) {
    return o.getMetadata().getNamespace() + "/" + o.getMetadata().getName();
  }

  @Override
  public void close() {
    all.forEach(SharedIndexInformer::close);
  }
}
