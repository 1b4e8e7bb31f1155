package dev.podnet.daemon.api;

import dev.podnet.api.Defaults;
import dev.podnet.api.Json;
import dev.podnet.api.Resources;
import dev.podnet.api.Services;
import dev.podnet.api.validation.FieldError;
import dev.podnet.api.validation.Validation;
import dev.podnet.store.Store;
import dev.podnet.store.StoreException;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.random.RandomGenerator;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The API server's allocator of Service cluster IPs (10.96.0.0/12) and node ports (30000-32767).
 * What is held is derived from the stored Services: read from the store when built (so it survives
 * restarts), then kept current by every Service write, which all pass through here under one lock
 * around "plan, write, record" (the API server is the only writer). Before it calls a request a
 * conflict, it re-reads the store, so a Service written past it (restore, another tool) costs one
 * re-read, never a double allocation by this allocator's own bookkeeping.
 */
public final class ServiceAllocations {
  private static final Logger LOG = LoggerFactory.getLogger(ServiceAllocations.class);
  public static final String SERVICE_CIDR = "10.96.0.0/12";
  /** The {@code kubernetes} Service's address: the first of the range, as upstream reserves it. */
  public static final String KUBERNETES_SERVICE_IP = "10.96.0.1";
  /** Cluster DNS, by convention of kubeadm and kind; given out only to who asks for it. */
  public static final String DNS_SERVICE_IP = "10.96.0.10";

  private final Store store;
  private final RandomGenerator random;
  private ServiceAddresses held;

  public ServiceAllocations(Store store) {
    this(store, ClusterIpRange.parse(SERVICE_CIDR), NodePortRange.DEFAULT, new SecureRandom());
  }

  ServiceAllocations(Store store, ClusterIpRange ips, NodePortRange nodePorts, RandomGenerator random) {
    this.store = store;
    this.random = random;
    this.held = new ServiceAddresses(ips, nodePorts, List.of(KUBERNETES_SERVICE_IP, DNS_SERVICE_IP));
    reload();
  }

  /** Allocates what {@code service} asks for or lacks and stores it; with {@code dryRun}, only answers what would be stored. */
  public synchronized Service create(Service service, boolean dryRun) {
    return write(service, null, dryRun, s -> store.create(s));
  }

  /**
   * Replaces the stored Service with {@code updated}: keeps the allocated values the writer left
   * out, refuses a changed clusterIP, frees what the new spec no longer holds.
   */
  public synchronized Service update(Service updated, boolean dryRun) {
    Service current = store.get(Resources.SERVICES, updated.getMetadata().getNamespace(), updated.getMetadata().getName());
    AllocatedFields.patch(current, updated);
    List<FieldError> errors = new ArrayList<>(Validation.validateUpdate(current, updated));
    errors.addAll(Validation.validate(updated));
    if (!errors.isEmpty()) {
      throw invalid(updated, errors);
    }
    return write(updated, current, dryRun, s -> store.update(s));
  }

  /** Deletes the stored Service and frees its address and ports. */
  public synchronized Service delete(String namespace, String name) {
    Service deleted = store.delete(Resources.SERVICES, namespace, name);
    held.hold(deleted, false);
    return deleted;
  }

  /**
   * Creates Service {@code default/kubernetes} (10.96.0.1, 443/TCP "https" → 6443) and its
   * EndpointSlice when missing; an existing one is left as it is. The slice has no endpoints:
   * podnetd serves its API on a unix socket, not on a node address, so the proxy answers with
   * REJECT rather than leading pods to a port nothing listens on.
   */
  public synchronized void ensureKubernetesService() {
    if (store.find(Resources.SERVICES, Defaults.DEFAULT_NAMESPACE, "kubernetes").isEmpty()) {
      Service service = new ServiceBuilder().withNewMetadata().withName("kubernetes").withNamespace(Defaults.DEFAULT_NAMESPACE)
          .addToLabels("component", "apiserver").addToLabels("provider", "kubernetes").endMetadata()
          .withNewSpec().withClusterIP(KUBERNETES_SERVICE_IP).addNewPort().withName("https").withPort(443).withProtocol("TCP")
          .withTargetPort(new IntOrString(6443)).endPort().endSpec().build();
      write(Defaults.apply(service), null, false, s -> store.create(s));
      LOG.info("service=default/kubernetes created clusterIP={}", KUBERNETES_SERVICE_IP);
    }
    if (store.find(Resources.ENDPOINTSLICES, Defaults.DEFAULT_NAMESPACE, "kubernetes").isEmpty()) {
      EndpointSlice slice = new EndpointSliceBuilder().withNewMetadata().withName("kubernetes").withNamespace(Defaults.DEFAULT_NAMESPACE)
          .addToLabels(Services.SERVICE_NAME_LABEL, "kubernetes").endMetadata().withAddressType("IPv4")
          .addNewPort().withName("https").withPort(6443).withProtocol("TCP").endPort().build();
      createIfAbsent(slice);
    }
  }

  private void createIfAbsent(HasMetadata object) {
    try {
      store.create(object);
    } catch (StoreException e) {
      if (!e.is(StoreException.Reason.ALREADY_EXISTS)) {
        throw e;
      }
    }
  }

  /** Plans on a copy, writes, then keeps the copy: a refused or failed write holds nothing. */
  private Service write(Service service, Service current, boolean dryRun, UnaryOperator<Service> storeWrite) {
    ServiceAddresses plan = planFor(service, current);
    Service stored = dryRun ? service : storeWrite.apply(service);
    if (!dryRun) {
      held = plan;
    }
    return stored;
  }

  private ServiceAddresses planFor(Service service, Service current) {
    Service original = Json.copy(service);
    Attempt attempt = attempt(service, current);
    if (attempt.problem().isEmpty()) {
      return attempt.plan();
    }
    reload();
    service.setSpec(original.getSpec());
    attempt = attempt(service, current);
    if (attempt.problem().isEmpty()) {
      return attempt.plan();
    }
    throw attempt.problem().get();
  }

  /** A plan, or why there is none. */
  private record Attempt(ServiceAddresses plan, Optional<ApiError> problem) {}

  private Attempt attempt(Service service, Service current) {
    ServiceAddresses plan = held.copy();
    if (current != null) {
      plan.hold(current, false);
    }
    try {
      List<FieldError> errors = plan.assign(service, random);
      return new Attempt(plan, errors.isEmpty() ? Optional.empty() : Optional.of(invalid(service, errors)));
    } catch (ServiceAddresses.RangeFull e) {
      return new Attempt(plan, Optional.of(new ApiError(500, "InternalError", "Internal error occurred: " + e.getMessage())));
    }
  }

  /** Rebuilds what is held from the stored Services. */
  private void reload() {
    ServiceAddresses fresh = new ServiceAddresses(held.ips(), held.nodePorts(), List.of(KUBERNETES_SERVICE_IP, DNS_SERVICE_IP));
    List<Service> services = store.<Service>list(Resources.SERVICES, "").items();
    services.forEach(s -> fresh.hold(s, true));
    held = fresh;
    LOG.debug("service allocations reloaded services={}", services.size());
  }

  private static ApiError invalid(Service service, List<FieldError> errors) {
    return ApiError.invalid("Service \"" + service.getMetadata().getName() + "\" is invalid: "
        + errors.stream().map(FieldError::toString).collect(Collectors.joining(", ")));
  }
}
