package dev.podnet.api;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.DaemonSetSpec;
import io.fabric8.kubernetes.api.model.apps.DaemonSetUpdateStrategy;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentSpec;
import io.fabric8.kubernetes.api.model.apps.DeploymentStrategy;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetSpec;
import io.fabric8.kubernetes.api.model.apps.RollingUpdateDaemonSet;
import io.fabric8.kubernetes.api.model.apps.RollingUpdateDeployment;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The values the API server fills in before it stores an object (Kubernetes' SetDefaults_* for
 * core/v1 and apps/v1), so that what {@code get -o yaml} shows and what controllers read is explicit.
 * Only unset fields are touched; applying twice changes nothing more.
 */
public final class Defaults {
  public static final String DEFAULT_NAMESPACE = "default";
  private static final String QUARTER = "25%";

  private Defaults() {}

  /** Fills {@code object} in place and returns it. */
  public static <T extends HasMetadata> T apply(T object) {
    if (object.getMetadata() == null) {
      object.setMetadata(new ObjectMeta());
    }
    if (Resources.of(object).namespaced() && isBlank(object.getMetadata().getNamespace())) {
      object.getMetadata().setNamespace(DEFAULT_NAMESPACE);
    }
    if (object instanceof Pod pod) {
      pod.setSpec(podSpec(pod.getSpec()));
      serviceAccount(pod);
    } else if (object instanceof Deployment deployment) {
      deployment.setSpec(deploymentSpec(orNew(deployment.getSpec(), DeploymentSpec::new)));
    } else if (object instanceof ReplicaSet replicaSet) {
      ReplicaSetSpec spec = orNew(replicaSet.getSpec(), ReplicaSetSpec::new);
      set(spec.getReplicas(), spec::setReplicas, 1);
      spec.setTemplate(template(spec.getTemplate()));
      replicaSet.setSpec(spec);
    } else if (object instanceof Service service) {
      ServiceDefaults.service(service);
    } else if (object instanceof EndpointSlice slice) {
      ServiceDefaults.endpointSlice(slice);
    } else if (object instanceof DaemonSet daemonSet) {
      daemonSet.setSpec(daemonSetSpec(orNew(daemonSet.getSpec(), DaemonSetSpec::new)));
    } else if (object instanceof RoleBinding binding) {
      forEach(binding.getSubjects(), Defaults::subject);
    } else if (object instanceof ClusterRoleBinding binding) {
      forEach(binding.getSubjects(), Defaults::subject);
    }
    return object;
  }

  /** Upstream's apps/v1 SetDefaults_DaemonSet: one node at a time, no surge. */
  private static DaemonSetSpec daemonSetSpec(DaemonSetSpec spec) {
    set(spec.getRevisionHistoryLimit(), spec::setRevisionHistoryLimit, 10);
    DaemonSetUpdateStrategy strategy = orNew(spec.getUpdateStrategy(), DaemonSetUpdateStrategy::new);
    set(strategy.getType(), strategy::setType, "RollingUpdate");
    if ("RollingUpdate".equals(strategy.getType())) {
      RollingUpdateDaemonSet rolling = orNew(strategy.getRollingUpdate(), RollingUpdateDaemonSet::new);
      set(rolling.getMaxUnavailable(), rolling::setMaxUnavailable, new IntOrString(1));
      set(rolling.getMaxSurge(), rolling::setMaxSurge, new IntOrString(0));
      strategy.setRollingUpdate(rolling);
    }
    spec.setUpdateStrategy(strategy);
    spec.setTemplate(template(spec.getTemplate()));
    return spec;
  }

  /** rbac/v1 SetDefaults_Subject: users and groups are RBAC's own kinds, a ServiceAccount is core's. */
  private static void subject(Subject s) {
    if ("User".equals(s.getKind()) || "Group".equals(s.getKind())) {
      set(s.getApiGroup(), s::setApiGroup, "rbac.authorization.k8s.io");
    }
  }

  /**
   * A pod runs as the {@code default} ServiceAccount unless it names one, as upstream's
   * ServiceAccount admission sets it (on pods only, not on templates); the deprecated
   * {@code serviceAccount} field mirrors the name.
   */
  private static void serviceAccount(Pod pod) {
    String name = pod.getSpec().getServiceAccountName();
    if (isBlank(name)) {
      name = isBlank(pod.getSpec().getServiceAccount()) ? "default" : pod.getSpec().getServiceAccount();
      pod.getSpec().setServiceAccountName(name);
    }
    pod.getSpec().setServiceAccount(name);
  }

  private static DeploymentSpec deploymentSpec(DeploymentSpec spec) {
    set(spec.getReplicas(), spec::setReplicas, 1);
    set(spec.getRevisionHistoryLimit(), spec::setRevisionHistoryLimit, 10);
    set(spec.getProgressDeadlineSeconds(), spec::setProgressDeadlineSeconds, 600);
    DeploymentStrategy strategy = orNew(spec.getStrategy(), DeploymentStrategy::new);
    set(strategy.getType(), strategy::setType, "RollingUpdate");
    if ("RollingUpdate".equals(strategy.getType())) {
      RollingUpdateDeployment rolling = orNew(strategy.getRollingUpdate(), RollingUpdateDeployment::new);
      set(rolling.getMaxSurge(), rolling::setMaxSurge, new IntOrString(QUARTER));
      set(rolling.getMaxUnavailable(), rolling::setMaxUnavailable, new IntOrString(QUARTER));
      strategy.setRollingUpdate(rolling);
    }
    spec.setStrategy(strategy);
    spec.setTemplate(template(spec.getTemplate()));
    return spec;
  }

  private static PodTemplateSpec template(PodTemplateSpec given) {
    PodTemplateSpec template = orNew(given, PodTemplateSpec::new);
    template.setSpec(podSpec(template.getSpec()));
    return template;
  }

  private static PodSpec podSpec(PodSpec given) {
    PodSpec spec = orNew(given, PodSpec::new);
    set(spec.getRestartPolicy(), spec::setRestartPolicy, "Always");
    set(spec.getDnsPolicy(), spec::setDnsPolicy, "ClusterFirst");
    set(spec.getTerminationGracePeriodSeconds(), spec::setTerminationGracePeriodSeconds, 30L);
    set(spec.getSchedulerName(), spec::setSchedulerName, "default-scheduler");
    boolean hostNetwork = Boolean.TRUE.equals(spec.getHostNetwork());
    forEach(spec.getInitContainers(), c -> container(c, hostNetwork));
    forEach(spec.getContainers(), c -> container(c, hostNetwork));
    return spec;
  }

  private static void container(Container c, boolean hostNetwork) {
    set(c.getImagePullPolicy(), c::setImagePullPolicy, pullPolicy(c.getImage()));
    set(c.getTerminationMessagePath(), c::setTerminationMessagePath, "/dev/termination-log");
    set(c.getTerminationMessagePolicy(), c::setTerminationMessagePolicy, "File");
    forEach(c.getPorts(), p -> port(p, hostNetwork));
    forEach(c.getEnv(), Defaults::env);
    probe(c.getLivenessProbe());
    probe(c.getReadinessProbe());
    probe(c.getStartupProbe());
  }

  /** With the host's network, a container port is a host port: Kubernetes records it as one. */
  private static void port(ContainerPort p, boolean hostNetwork) {
    set(p.getProtocol(), p::setProtocol, "TCP");
    if (hostNetwork && (p.getHostPort() == null || p.getHostPort() == 0)) {
      p.setHostPort(p.getContainerPort());
    }
  }

  private static void env(EnvVar e) {
    if (e.getValueFrom() != null && e.getValueFrom().getFieldRef() != null) {
      set(e.getValueFrom().getFieldRef().getApiVersion(), e.getValueFrom().getFieldRef()::setApiVersion, "v1");
    }
  }

  private static void probe(Probe p) {
    if (p == null) {
      return;
    }
    set(p.getTimeoutSeconds(), p::setTimeoutSeconds, 1);
    set(p.getPeriodSeconds(), p::setPeriodSeconds, 10);
    set(p.getSuccessThreshold(), p::setSuccessThreshold, 1);
    set(p.getFailureThreshold(), p::setFailureThreshold, 3);
    HTTPGetAction get = p.getHttpGet();
    if (get != null) {
      set(get.getScheme(), get::setScheme, "HTTP");
      set(get.getPath(), get::setPath, "/");
    }
  }

  /** Kubernetes pulls {@code :latest} (or an untagged image) every time, anything else only when missing. */
  private static String pullPolicy(String image) {
    if (image == null || image.contains("@")) {
      return "IfNotPresent";
    }
    String last = image.substring(image.lastIndexOf('/') + 1);
    int colon = last.indexOf(':');
    return colon < 0 || last.substring(colon + 1).equals("latest") ? "Always" : "IfNotPresent";
  }

  static <V> void set(V current, Consumer<V> setter, V value) {
    if (current == null || (current instanceof String s && s.isEmpty())) {
      setter.accept(value);
    }
  }

  static <V> V orNew(V value, Supplier<V> fresh) {
    return value == null ? fresh.get() : value;
  }

  static <V> void forEach(List<V> items, Consumer<V> action) {
    if (items != null) {
      items.forEach(action);
    }
  }

  private static boolean isBlank(String s) {
    return s == null || s.isEmpty();
  }
}
