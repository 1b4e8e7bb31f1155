package dev.podnet.daemon.api.stream;

import dev.podnet.kernel.Netns;
import io.fabric8.kubernetes.api.model.Pod;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalLong;

/** What exec, logs and port-forward need from the node runtimes: the pod, and where each of its containers runs and logs. */
public interface PodContainers {

  /** The pod as the API has it. */
  Optional<Pod> pod(String namespace, String name);

  /** The container on its node: empty when the pod is on no node here (not scheduled yet). */
  Optional<ContainerRun> container(Pod pod, String container);

  /** The pod's network namespace on its node, while its sandbox is there (for port-forward). */
  Optional<Netns> netns(Pod pod);

  /**
   * A container's current run: its process while it runs, and the log of this run and of the
   * one before (kept by the runtime across one restart, as kubelet does).
   */
  record ContainerRun(OptionalLong pid, Path log, Path previousLog) {}
}
