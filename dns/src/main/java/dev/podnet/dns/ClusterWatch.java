package dev.podnet.dns;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.InetAddress;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * List-watches on Services and EndpointSlices (all namespaces), as CoreDNS's kubernetes plugin
 * watches them, and on Pods when autopath needs their addresses. Each object is reduced to a
 * {@link ServiceEntry}/{@link SliceEntry} as it arrives and then dropped: the server holds the
 * reduced entries and the objects' keys, nothing else of the API's.
 */
final class ClusterWatch implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ClusterWatch.class);
  private static final String SERVICE_NAME_LABEL = "kubernetes.io/service-name";

  /** Longer than a watch's own timeoutSeconds (300) and the API's bookmark interval: only a dead connection is this quiet. */
  private static final Duration SILENCE = Duration.ofSeconds(330);
  private final List<ListWatch> watches = new ArrayList<>();
  private final java.util.concurrent.ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "watch-watchdog");
    t.setDaemon(true);
    return t;
  });

  ClusterWatch(ApiEndpoint api, ClusterRecords records, Optional<Autopath> autopath) {
    // one thread for the client's own work: the watches read their streams on threads of their own
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).sslContext(api.ssl())
        .connectTimeout(Duration.ofSeconds(5)).executor(Executors.newSingleThreadExecutor(r -> {
          Thread t = new Thread(r, "api-client");
          t.setDaemon(true);
          return t;
        })).build();
    watches.add(new ListWatch(http, api, "/api/v1/services", new Guarded(
        s -> records.putService(serviceEntry(s)), records::deleteService)));
    watches.add(new ListWatch(http, api, "/apis/discovery.k8s.io/v1/endpointslices", new Guarded(
        s -> sliceEntry(s).ifPresent(records::putSlice), records::deleteSlice)));
    autopath.ifPresent(a -> watches.add(new ListWatch(http, api, "/api/v1/pods", new Guarded(
        p -> a.putPod(p.path("metadata").path("namespace").asText(), p.path("metadata").path("name").asText(), podIps(p)),
        a::deletePod))));
  }

  void start() {
    watches.forEach(ListWatch::start);
    watchdog.scheduleWithFixedDelay(() -> watches.forEach(w -> w.closeIfSilent(SILENCE)), 30, 30, java.util.concurrent.TimeUnit.SECONDS);
  }

  /** Every watch has delivered its first full list: answers now reflect the cluster. */
  boolean synced() {
    return watches.stream().allMatch(ListWatch::synced);
  }

  @Override
  public void close() {
    watchdog.shutdownNow();
    watches.forEach(ListWatch::close);
  }

  /** A pod's addresses for autopath; none for hostNetwork pods, which share their node's address and so name no one namespace. */
  static List<InetAddress> podIps(JsonNode p) {
    if (p.path("spec").path("hostNetwork").asBoolean(false)) {
      return List.of();
    }
    List<InetAddress> out = new ArrayList<>();
    JsonNode status = p.path("status");
    if (status.path("podIPs").size() > 0) {
      status.path("podIPs").forEach(ip -> IpLiteral.parse(ip.path("ip").asText()).ifPresent(out::add));
    } else {
      IpLiteral.parse(status.path("podIP").asText()).ifPresent(out::add);
    }
    return out;
  }

  static ServiceEntry serviceEntry(JsonNode s) {
    JsonNode spec = s.path("spec");
    List<InetAddress> ips = new ArrayList<>();
    if (spec.path("clusterIPs").size() > 0) {
      spec.path("clusterIPs").forEach(ip -> IpLiteral.parse(ip.asText()).ifPresent(ips::add));
    } else {
      IpLiteral.parse(spec.path("clusterIP").asText()).ifPresent(ips::add);
    }
    boolean external = spec.path("type").asText().equals("ExternalName") && spec.hasNonNull("externalName");
    // namespaces, port names and protocols repeat across thousands of Services: one String each (intern)
    return new ServiceEntry(s.path("metadata").path("namespace").asText().intern(), s.path("metadata").path("name").asText(),
        external ? List.of() : ips, external ? Optional.of(spec.path("externalName").asText()) : Optional.empty(),
        ports(spec.path("ports")), spec.path("publishNotReadyAddresses").asBoolean(false));
  }

  static Optional<SliceEntry> sliceEntry(JsonNode s) {
    JsonNode meta = s.path("metadata");
    String service = meta.path("labels").path(SERVICE_NAME_LABEL).asText("");
    if (service.isEmpty()) {
      return Optional.empty();
    }
    List<SliceEntry.Endpoint> endpoints = new ArrayList<>();
    s.path("endpoints").forEach(e -> endpoints.add(endpoint(e)));
    return Optional.of(new SliceEntry(meta.path("namespace").asText().intern(), meta.path("name").asText(), service, ports(s.path("ports")),
        endpoints));
  }

  /** The named ports (only they have SRV records); protocol in lower case, TCP when absent. */
  private static List<ServiceEntry.Port> ports(JsonNode ports) {
    List<ServiceEntry.Port> out = new ArrayList<>();
    for (JsonNode p : ports) {
      String name = p.path("name").asText("");
      if (!name.isEmpty() && p.path("port").isInt()) {
        out.add(new ServiceEntry.Port(name.intern(), p.path("protocol").asText("TCP").toLowerCase(Locale.ROOT).intern(),
            p.path("port").asInt()));
      }
    }
    return out;
  }

  private static SliceEntry.Endpoint endpoint(JsonNode e) {
    List<InetAddress> addresses = new ArrayList<>();
    e.path("addresses").forEach(a -> IpLiteral.parse(a.asText()).ifPresent(addresses::add));
    // absent counts as ready, as the API defines
    boolean ready = e.path("conditions").path("ready").asBoolean(true);
    Optional<String> hostname = Optional.of(e.path("hostname").asText("")).filter(h -> !h.isEmpty()).map(h -> h.toLowerCase(Locale.ROOT));
    return new SliceEntry.Endpoint(addresses, hostname, ready);
  }

  /** One odd object must not stop the watch from delivering the rest. */
  private record Guarded(java.util.function.Consumer<JsonNode> onPut, java.util.function.BiConsumer<String, String> onDelete)
      implements ListWatch.Sink {
    @Override
    public void put(JsonNode object) {
      try {
        onPut.accept(object);
      } catch (RuntimeException e) {
        log.warn("object={}/{}: skipped: {}", object.path("metadata").path("namespace").asText(),
            object.path("metadata").path("name").asText(), e.toString());
      }
    }

    @Override
    public void delete(String namespace, String name) {
      onDelete.accept(namespace, name);
    }
  }
}
