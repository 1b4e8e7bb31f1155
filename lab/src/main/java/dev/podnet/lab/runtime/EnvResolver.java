package dev.podnet.lab.runtime;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A container's environment as kubelet builds it: values, {@code $(VAR)} references, fieldRefs. */
public final class EnvResolver {
  private static final Pattern REF = Pattern.compile("\\$\\(([-._a-zA-Z][-._a-zA-Z0-9]*)\\)|\\$\\$");
  private static final Pattern MAP_KEY = Pattern.compile("metadata\\.(labels|annotations)\\['(.+)'\\]");
  /** The PATH a container gets when its spec sets none (the images' usual default). */
  public static final String DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

  /**
   * The {@code kubernetes} Service's variables, which kubelet gives every container (whatever
   * enableServiceLinks says): how in-cluster clients find the API.
   */
  static final Map<String, String> KUBERNETES_SERVICE = Map.of("KUBERNETES_SERVICE_HOST", "10.96.0.1", "KUBERNETES_SERVICE_PORT", "443",
      "KUBERNETES_SERVICE_PORT_HTTPS", "443", "KUBERNETES_PORT", "tcp://10.96.0.1:443", "KUBERNETES_PORT_443_TCP", "tcp://10.96.0.1:443",
      "KUBERNETES_PORT_443_TCP_PROTO", "tcp", "KUBERNETES_PORT_443_TCP_PORT", "443", "KUBERNETES_PORT_443_TCP_ADDR", "10.96.0.1");

  private EnvResolver() {}

  /** Pod facts a fieldRef may read. */
  /**
   * {@code path} is the container's default PATH (the runtime's tools directory first);
   * {@code home} its HOME: a directory of the container's own, because a container here sees the
   * host's files, and the host's /root (a ~/.kube/config above all) must not steer a program in a
   * pod the way it would on the host: fabric8 and client-go prefer a kubeconfig they find over
   * in-cluster configuration.
   */
  public record PodFacts(String podIp, String hostIp, String nodeName, String path, String home) {}

  public static Map<String, String> resolve(Pod pod, Container c, PodFacts facts) {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("PATH", facts.path());
    env.put("HOSTNAME", PodFiles.hostname(pod));
    env.put("HOME", facts.home());
    env.putAll(KUBERNETES_SERVICE);
    for (EnvVar v : c.getEnv()) {
      String value;
      if (v.getValueFrom() != null && v.getValueFrom().getFieldRef() != null) {
        value = field(pod, v.getValueFrom().getFieldRef().getFieldPath(), facts);
      } else {
        value = expand(v.getValue() == null ? "" : v.getValue(), env);
      }
      env.put(v.getName(), value);
    }
    return env;
  }

  /** {@code $(NAME)} of an earlier variable is replaced, {@code $$} escapes, unknown references stay as written. */
  public static String expand(String s, Map<String, String> env) {
    Matcher m = REF.matcher(s);
    StringBuilder b = new StringBuilder();
    while (m.find()) {
      String rep = m.group(1) == null ? "\\$" : env.containsKey(m.group(1)) ? Matcher.quoteReplacement(env.get(m.group(1)))
          : Matcher.quoteReplacement(m.group());
      m.appendReplacement(b, rep);
    }
    m.appendTail(b);
    return b.toString();
  }

  static String field(Pod pod, String path, PodFacts f) {
    Matcher m = MAP_KEY.matcher(path);
    if (m.matches()) {
      Map<String, String> map = m.group(1).equals("labels") ? pod.getMetadata().getLabels() : pod.getMetadata().getAnnotations();
      return map == null ? "" : map.getOrDefault(m.group(2), "");
    }
    switch (path) {
      case "metadata.name":
        return pod.getMetadata().getName();
      case "metadata.namespace":
        return pod.getMetadata().getNamespace();
      case "metadata.uid":
        return nz(pod.getMetadata().getUid());
      case "spec.nodeName":
        return f.nodeName();
      case "spec.serviceAccountName":
        return nz(pod.getSpec().getServiceAccountName());
      case "status.podIP":
      case "status.podIPs":
        return f.podIp();
      case "status.hostIP":
      case "status.hostIPs":
        return f.hostIp();
      default:
        throw new IllegalArgumentException("unsupported fieldRef fieldPath \"" + path + "\"");
    }
  }

  private static String nz(String s) {
    return s == null ? "" : s;
  }
}
