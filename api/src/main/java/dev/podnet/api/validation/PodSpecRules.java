package dev.podnet.api.validation;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.PodDNSConfig;
import io.fabric8.kubernetes.api.model.PodSpec;
import java.net.InetAddress;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A pod's spec, whether of a Pod ({@code spec}) or of a template ({@code spec.template.spec}). */
final class PodSpecRules {
  static final List<String> RESTART_POLICIES = List.of("Always", "OnFailure", "Never");
  private static final List<String> DNS_POLICIES = List.of("ClusterFirstWithHostNet", "ClusterFirst", "Default", "None");
  private static final int MAX_NAMESERVERS = 3;
  private static final int MAX_SEARCHES = 32;

  private PodSpecRules() {}

  static void validate(PodSpec spec, FieldPath path, ErrorList errors) {
    if (spec == null) {
      errors.required(path.child("containers"));
      return;
    }
    containers(spec, path, errors);
    errors.oneOf(path.child("restartPolicy"), spec.getRestartPolicy(), RESTART_POLICIES);
    dns(spec, path, errors);
    errors.optionalName(path.child("hostname"), spec.getHostname(), Names::dnsLabel);
    errors.optionalName(path.child("subdomain"), spec.getSubdomain(), Names::dnsLabel);
    errors.optionalName(path.child("nodeName"), spec.getNodeName(), Names::dnsSubdomain);
    errors.atLeast(path.child("terminationGracePeriodSeconds"), spec.getTerminationGracePeriodSeconds(), 0);
    errors.labels(path.child("nodeSelector"), spec.getNodeSelector());
  }

  private static void containers(PodSpec spec, FieldPath path, ErrorList errors) {
    List<Container> containers = spec.getContainers();
    if (containers == null || containers.isEmpty()) {
      errors.required(path.child("containers"));
    }
    boolean hostNetwork = Boolean.TRUE.equals(spec.getHostNetwork());
    Set<String> names = new HashSet<>();
    Map<String, FieldPath> ports = new HashMap<>();
    validateAll(spec.getInitContainers(), path.child("initContainers"), new Scope(names, ports, hostNetwork, false), errors);
    validateAll(containers, path.child("containers"), new Scope(names, ports, hostNetwork, true), errors);
  }

  private static void validateAll(List<Container> containers, FieldPath path, Scope scope, ErrorList errors) {
    if (containers == null) {
      return;
    }
    for (int i = 0; i < containers.size(); i++) {
      Container c = containers.get(i);
      FieldPath at = path.index(i);
      if (!ErrorList.isBlank(c.getName()) && !scope.names().add(c.getName())) {
        errors.duplicate(at.child("name"), c.getName(), "");
      }
      ContainerRules.validate(c, at, scope.probes(), errors);
      podPorts(c, at, scope, errors);
    }
  }

  /** Two containers listening on one port and protocol would collide in the pod's one network namespace. */
  private static void podPorts(Container c, FieldPath at, Scope scope, ErrorList errors) {
    List<ContainerPort> ports = c.getPorts() == null ? List.of() : c.getPorts();
    for (int j = 0; j < ports.size(); j++) {
      ContainerPort p = ports.get(j);
      FieldPath portPath = at.child("ports").index(j);
      if (p.getContainerPort() == null) {
        continue;
      }
      String key = p.getContainerPort() + "/" + (p.getProtocol() == null ? "TCP" : p.getProtocol());
      FieldPath first = scope.ports().putIfAbsent(key, portPath);
      if (first != null) {
        errors.duplicate(portPath, key, "already declared by " + first);
      }
      Integer hostPort = p.getHostPort();
      if (scope.hostNetwork() && hostPort != null && hostPort != 0 && !hostPort.equals(p.getContainerPort())) {
        errors.invalid(portPath.child("hostPort"), hostPort, "must match `containerPort` when `hostNetwork` is true");
      }
    }
  }

  private static void dns(PodSpec spec, FieldPath path, ErrorList errors) {
    errors.oneOf(path.child("dnsPolicy"), spec.getDnsPolicy(), DNS_POLICIES);
    PodDNSConfig config = spec.getDnsConfig();
    boolean none = "None".equals(spec.getDnsPolicy());
    if (config == null) {
      if (none) {
        errors.required(path.child("dnsConfig"), "must provide `dnsConfig` when `dnsPolicy` is None");
      }
      return;
    }
    FieldPath at = path.child("dnsConfig");
    List<String> nameservers = config.getNameservers() == null ? List.of() : config.getNameservers();
    if (none && nameservers.isEmpty()) {
      errors.required(at.child("nameservers"), "must provide at least one DNS nameserver when `dnsPolicy` is None");
    }
    if (nameservers.size() > MAX_NAMESERVERS) {
      errors.invalid(at.child("nameservers"), nameservers, "must not have more than " + MAX_NAMESERVERS + " nameservers");
    }
    for (int i = 0; i < nameservers.size(); i++) {
      if (!isIp(nameservers.get(i))) {
        errors.invalid(at.child("nameservers").index(i), nameservers.get(i), "must be a valid IP address");
      }
    }
    List<String> searches = config.getSearches() == null ? List.of() : config.getSearches();
    if (searches.size() > MAX_SEARCHES) {
      errors.invalid(at.child("searches"), searches, "must not have more than " + MAX_SEARCHES + " search paths");
    }
    for (int i = 0; i < searches.size(); i++) {
      String search = searches.get(i).endsWith(".") ? searches.get(i).substring(0, searches.get(i).length() - 1) : searches.get(i);
      errors.name(at.child("searches").index(i), search, Names::dnsSubdomain);
    }
  }

  /** Literal addresses only: a name here would make the JVM resolve it. */
  static boolean isIp(String s) {
    if (s == null || s.isEmpty() || !(s.contains(":") || s.matches("[0-9.]+"))) {
      return false;
    }
    try {
      InetAddress.getByName(s);
      return s.contains(":") || s.matches("(\\d{1,3}\\.){3}\\d{1,3}");
    } catch (java.net.UnknownHostException e) {
      return false;
    }
  }

  /** What containers of one pod share while they are checked: names, ports, and the network mode. */
  private record Scope(Set<String> names, Map<String, FieldPath> ports, boolean hostNetwork, boolean probes) {}
}
