package dev.podnet.daemon.api.stream;

import dev.podnet.kernel.Netns;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/** Pods on one node in a directory: each container's log files under {@code dir/pod/container}, and its pid while it "runs". */
final class TestPods implements PodContainers {
  private final Path dir;
  private final Map<String, Pod> pods = new HashMap<>();
  private final Map<String, Long> pids = new HashMap<>();

  TestPods(Path dir) {
    this.dir = dir;
  }

  /** A scheduled pod in namespace default with these containers, none running. */
  TestPods with(String name, String... containers) {
    PodBuilder b = new PodBuilder().withNewMetadata().withName(name).withNamespace("default").withUid("uid-" + name).endMetadata()
        .withNewSpec().withNodeName("node-1").endSpec();
    for (String c : containers) {
      b.editSpec().addNewContainer().withName(c).withImage("busybox").endContainer().endSpec();
    }
    pods.put(name, b.build());
    return this;
  }

  void running(String pod, String container, long pid) {
    pids.put(pod + "/" + container, pid);
  }

  void stopped(String pod, String container) {
    pids.remove(pod + "/" + container);
  }

  Path log(String pod, String container) {
    return dir.resolve(pod).resolve(container).resolve("log");
  }

  Path previousLog(String pod, String container) {
    return dir.resolve(pod).resolve(container).resolve("log.previous");
  }

  @Override
  public Optional<Pod> pod(String namespace, String name) {
    return Optional.ofNullable(pods.get(name)).filter(p -> p.getMetadata().getNamespace().equals(namespace));
  }

  @Override
  public Optional<Netns> netns(Pod pod) {
    return pids.keySet().stream().anyMatch(k -> k.startsWith(pod.getMetadata().getName() + "/")) ? Optional.of(Netns.host()) : Optional.empty();
  }

  @Override
  public Optional<ContainerRun> container(Pod pod, String container) {
    String key = pod.getMetadata().getName() + "/" + container;
    Long pid = pids.get(key);
    return Optional.of(new ContainerRun(pid == null ? OptionalLong.empty() : OptionalLong.of(pid), log(pod.getMetadata().getName(), container),
        previousLog(pod.getMetadata().getName(), container)));
  }
}
