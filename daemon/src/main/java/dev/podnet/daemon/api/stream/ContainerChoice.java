package dev.podnet.daemon.api.stream;

import dev.podnet.daemon.api.ApiError;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.List;

/** Which container a request means, with the API server's own answers when it means none. */
final class ContainerChoice {
  private ContainerChoice() {}

  /** {@code requested}, or the only container; an unknown name or an ambiguous pod is a 400. */
  static String choose(Pod pod, String requested) {
    String name = pod.getMetadata().getName();
    List<String> names = pod.getSpec().getContainers().stream().map(Container::getName).toList();
    if (requested.isEmpty()) {
      if (names.size() == 1) {
        return names.get(0);
      }
      throw ApiError.badRequest("a container name must be specified for pod " + name + ", choose one of: [" + String.join(" ", names) + "]");
    }
    if (!names.contains(requested)) {
      throw ApiError.badRequest("container " + requested + " is not valid for pod " + name);
    }
    return requested;
  }

  static Pod pod(PodContainers containers, String namespace, String name) {
    return containers.pod(namespace, name).orElseThrow(() -> ApiError.notFound("pods \"" + name + "\" not found"));
  }

  static PodContainers.ContainerRun run(PodContainers containers, Pod pod, String container) {
    return containers.container(pod, container)
        .orElseThrow(() -> ApiError.badRequest("pod " + pod.getMetadata().getName() + " does not have a host assigned"));
  }
}
