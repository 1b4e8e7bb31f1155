package dev.podnet.controller;

import dev.podnet.api.Json;
import dev.podnet.api.Services;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointPort;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointPortBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The EndpointSlices one Service should have, as the difference to the slices it has: pods grouped
 * by the ports their targetPorts resolve to (a named targetPort may land on different numbers in
 * different pods), at most {@link #MAX_ENDPOINTS} per slice. Existing slices keep the endpoints they
 * still hold and take new ones first, so a pod coming or going rewrites one slice, not all; an
 * unchanged slice is not in the plan at all. A Service without endpoints keeps one empty slice, as
 * upstream's placeholder.
 */
record EndpointSlicePlan(List<EndpointSlice> creates, List<EndpointSlice> updates, List<EndpointSlice> deletes) {
  static final int MAX_ENDPOINTS = 100;

  boolean isEmpty() {
    return creates.isEmpty() && updates.isEmpty() && deletes.isEmpty();
  }

  /** {@code pods}: the pods the Service selects; {@code existing}: the slices this controller manages for it. */
  static EndpointSlicePlan plan(Service service, List<Pod> pods, List<EndpointSlice> existing) {
    Map<List<EndpointPort>, Map<String, Endpoint>> groups = desired(service, pods);
    if (groups.isEmpty()) {
      groups.put(List.of(), Map.of());
    }
    EndpointSlicePlan plan = new EndpointSlicePlan(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
    List<EndpointSlice> unclaimed = new ArrayList<>(existing);
    unclaimed.sort(Comparator.comparing(s -> s.getMetadata().getName()));
    groups.forEach((ports, endpoints) -> {
      List<EndpointSlice> same = unclaimed.stream().filter(s -> ports.equals(ports(s))).toList();
      unclaimed.removeAll(same);
      plan.group(new Group(service, ports, endpoints), same);
    });
    plan.deletes().addAll(unclaimed);
    return plan;
  }

  private record Group(Service service, List<EndpointPort> ports, Map<String, Endpoint> endpoints) {}

  private void group(Group group, List<EndpointSlice> slices) {
    Map<String, Endpoint> remaining = new LinkedHashMap<>(group.endpoints());
    List<List<Endpoint>> contents = new ArrayList<>();
    for (EndpointSlice s : slices) {
      List<Endpoint> kept = new ArrayList<>();
      for (Endpoint e : Objects.requireNonNullElse(s.getEndpoints(), List.<Endpoint>of())) {
        Endpoint wanted = remaining.remove(key(e));
        if (wanted != null) {
          kept.add(wanted);
        }
      }
      contents.add(kept);
    }
    List<Endpoint> rest = new ArrayList<>(remaining.values());
    for (List<Endpoint> c : contents) {
      while (c.size() < MAX_ENDPOINTS && !rest.isEmpty()) {
        c.add(rest.remove(0));
      }
    }
    while (!rest.isEmpty() || contents.isEmpty()) {
      List<Endpoint> chunk = new ArrayList<>(rest.subList(0, Math.min(MAX_ENDPOINTS, rest.size())));
      rest.subList(0, chunk.size()).clear();
      contents.add(chunk);
    }
    boolean placeholder = group.endpoints().isEmpty();
    for (int i = 0; i < contents.size(); i++) {
      Optional<EndpointSlice> old = i < slices.size() ? Optional.of(slices.get(i)) : Optional.empty();
      if (contents.get(i).isEmpty() && !(placeholder && i == 0)) {
        old.ifPresent(deletes::add);
        continue;
      }
      EndpointSlice wanted = slice(group, old, contents.get(i));
      if (old.isEmpty()) {
        creates.add(wanted);
      } else if (!sameContent(old.get(), wanted)) {
        updates.add(wanted);
      }
    }
  }

  private static EndpointSlice slice(Group group, Optional<EndpointSlice> old, List<Endpoint> endpoints) {
    EndpointSlice s = old.map(Json::copy).orElseGet(EndpointSlice::new);
    Service service = group.service();
    if (s.getMetadata() == null) {
      s.setMetadata(new ObjectMeta());
      s.getMetadata().setNamespace(service.getMetadata().getNamespace());
      s.getMetadata().setGenerateName(service.getMetadata().getName() + "-");
    }
    s.getMetadata().setLabels(labels(service));
    s.getMetadata().setOwnerReferences(List.of(OwnerRefs.controllerRef(service)));
    s.setAddressType("IPv4");
    s.setPorts(group.ports().isEmpty() && group.endpoints().isEmpty() ? null : group.ports());
    s.setEndpoints(endpoints);
    return s;
  }

  /** The Service's own labels, then the ones that say whose slice it is. */
  static Map<String, String> labels(Service service) {
    Map<String, String> labels = new LinkedHashMap<>(Objects.requireNonNullElse(service.getMetadata().getLabels(), Map.of()));
    labels.remove(Services.HEADLESS_LABEL);
    if (Services.isHeadless(service)) {
      labels.put(Services.HEADLESS_LABEL, "");
    }
    labels.put(Services.SERVICE_NAME_LABEL, service.getMetadata().getName());
    labels.put(Services.MANAGED_BY_LABEL, Services.MANAGED_BY_CONTROLLER);
    return labels;
  }

  private static boolean sameContent(EndpointSlice a, EndpointSlice b) {
    return Objects.equals(a.getMetadata().getLabels(), b.getMetadata().getLabels())
        && Objects.equals(a.getMetadata().getOwnerReferences(), b.getMetadata().getOwnerReferences())
        && Objects.equals(a.getAddressType(), b.getAddressType()) && ports(a).equals(ports(b))
        && Objects.requireNonNullElse(a.getEndpoints(), List.of()).equals(Objects.requireNonNullElse(b.getEndpoints(), List.of()));
  }

  private static List<EndpointPort> ports(EndpointSlice s) {
    return Objects.requireNonNullElse(s.getPorts(), List.of());
  }

  private static String key(Endpoint e) {
    if (e.getTargetRef() != null && e.getTargetRef().getName() != null) {
      return e.getTargetRef().getName();
    }
    return String.join(",", Objects.requireNonNullElse(e.getAddresses(), List.of()));
  }

  /** Pods with an address that are not finished, by the ports they serve, in name order. */
  private static Map<List<EndpointPort>, Map<String, Endpoint>> desired(Service service, List<Pod> pods) {
    Map<List<EndpointPort>, Map<String, Endpoint>> groups = new LinkedHashMap<>();
    pods.stream().sorted(Comparator.comparing(p -> p.getMetadata().getName())).forEach(pod -> {
      String ip = pod.getStatus() == null ? null : pod.getStatus().getPodIP();
      if (ip == null || ip.isEmpty() || Pods.isTerminated(pod)) {
        return;
      }
      groups.computeIfAbsent(ports(service, pod), k -> new LinkedHashMap<>()).put(pod.getMetadata().getName(), endpoint(service, pod, ip));
    });
    return groups;
  }

  /** Ready only if serving and not terminating, unless the Service publishes not-ready addresses: upstream's podToEndpoint. */
  private static Endpoint endpoint(Service service, Pod pod, String ip) {
    boolean serving = Pods.isReady(pod);
    boolean terminating = Pods.isTerminating(pod);
    boolean ready = Boolean.TRUE.equals(Services.spec(service).getPublishNotReadyAddresses()) || serving && !terminating;
    EndpointBuilder b = new EndpointBuilder().withAddresses(ip)
        .withNewConditions().withReady(ready).withServing(serving).withTerminating(terminating).endConditions()
        .withNewTargetRef().withKind("Pod").withNamespace(pod.getMetadata().getNamespace()).withName(pod.getMetadata().getName())
        .withUid(pod.getMetadata().getUid()).endTargetRef();
    if (Pods.isBound(pod)) {
      b.withNodeName(Pods.nodeName(pod));
    }
    String hostname = pod.getSpec() == null ? null : pod.getSpec().getHostname();
    if (hostname != null && !hostname.isEmpty() && service.getMetadata().getName().equals(pod.getSpec().getSubdomain())) {
      b.withHostname(hostname);
    }
    return b.build();
  }

  /** The Service's ports as this pod serves them; a named targetPort the pod does not have leaves that port out. */
  private static List<EndpointPort> ports(Service service, Pod pod) {
    List<EndpointPort> ports = new ArrayList<>();
    for (ServicePort p : Services.ports(service)) {
      String protocol = Objects.requireNonNullElse(p.getProtocol(), "TCP");
      targetPort(p, protocol, pod).ifPresent(number -> ports.add(new EndpointPortBuilder().withName(Objects.requireNonNullElse(p.getName(), ""))
          .withPort(number).withProtocol(protocol).withAppProtocol(p.getAppProtocol()).build()));
    }
    return ports;
  }

  private static Optional<Integer> targetPort(ServicePort p, String protocol, Pod pod) {
    IntOrString target = p.getTargetPort();
    if (target == null || target.getStrVal() == null) {
      int n = target == null || target.getIntVal() == null || target.getIntVal() == 0 ? p.getPort() : target.getIntVal();
      return Optional.of(n);
    }
    return pod.getSpec() == null || pod.getSpec().getContainers() == null ? Optional.empty() : pod.getSpec().getContainers().stream()
        .flatMap(c -> Objects.requireNonNullElse(c.getPorts(), List.<ContainerPort>of()).stream())
        .filter(cp -> target.getStrVal().equals(cp.getName()) && protocol.equals(Objects.requireNonNullElse(cp.getProtocol(), "TCP")))
        .map(ContainerPort::getContainerPort).findFirst();
  }
}
