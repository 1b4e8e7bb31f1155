package dev.podnet.lab;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.podnet.kernel.Cidr;
import dev.podnet.kernel.Netns;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The {@code podnet-cni} executable, run the way containerd runs a CNI plugin: a process per
 * call with only the {@code CNI_*} environment, the network config on stdin (naming the node
 * agent's socket), the result or error object on stdout. The lab's sandboxes get their network
 * through the same door a real runtime uses, so the plugin is exercised by every pod.
 */
public record CniPlugin(Path executable) {
  /** Where a checkout builds it, below {@code $PODNET_HOME} (set by bin/podnet) or a module directory. */
  public static final String BUILT = "cni/target/podnet-cni";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long TIMEOUT_S = 60;

  /** {@code -Dpodnet.cni.plugin}, else the one below {@code -Dpodnet.home}/{@code $PODNET_HOME}, else the reactor's. */
  public static CniPlugin locate() {
    List<Path> candidates = new ArrayList<>();
    Optional.ofNullable(System.getProperty("podnet.cni.plugin")).map(Path::of).ifPresent(candidates::add);
    String home = System.getProperty("podnet.home", System.getenv().getOrDefault("PODNET_HOME", ""));
    if (!home.isEmpty()) {
      candidates.add(Path.of(home).resolve(BUILT));
    }
    candidates.add(Path.of(BUILT));
    candidates.add(Path.of("..").resolve(BUILT));
    return candidates.stream().filter(Files::isExecutable).findFirst().map(p -> new CniPlugin(p.toAbsolutePath().normalize()))
        .orElseThrow(() -> new LabException("no podnet-cni executable at " + candidates
            + ": build it with 'mvn package -pl cni' (bin/podnet does) or name it with -Dpodnet.cni.plugin"));
  }

  /** CNI ADD of {@code containerId}'s {@code ifname} in {@code netns} through the agent at {@code socket}; returns the pod IP. */
  public InetAddress add(Path socket, Attach a) {
    JsonNode out = call(socket, "ADD", a);
    return Cidr.parse(out.path("ips").path(0).path("address").asText()).address();
  }

  /** CNI DEL; idempotent like the plugin's (absent counts as success). */
  public void delete(Path socket, Attach a) {
    call(socket, "DEL", a);
  }

  /** One attachment as a runtime names it: the sandbox id, its netns (empty for a DEL after it is gone), the pod. */
  public record Attach(String containerId, Optional<Netns> netns, String ifname, String podNamespace, String podName) {}

  private JsonNode call(Path socket, String command, Attach a) {
    String config = "{\"cniVersion\":\"1.1.0\",\"name\":\"podnet\",\"type\":\"podnet-cni\",\"socket\":\"" + socket + "\"}";
    Map<String, String> env = Map.of("CNI_COMMAND", command, "CNI_CONTAINERID", a.containerId(),
        "CNI_NETNS", a.netns().map(n -> n.path().toString()).orElse(""), "CNI_IFNAME", a.ifname(),
        "CNI_PATH", executable.getParent().toString(),
        "CNI_ARGS", "IgnoreUnknown=1;K8S_POD_NAMESPACE=" + a.podNamespace() + ";K8S_POD_NAME=" + a.podName()
            + ";K8S_POD_INFRA_CONTAINER_ID=" + a.containerId());
    String what = "CNI " + command + " " + a.containerId() + " (pod " + a.podNamespace() + "/" + a.podName() + ") via " + socket;
    ProcessBuilder pb = new ProcessBuilder(executable.toString()).redirectError(ProcessBuilder.Redirect.DISCARD);
    pb.environment().clear();
    pb.environment().putAll(env);
    try {
      Process p = pb.start();
      try (OutputStream in = p.getOutputStream()) {
        in.write(config.getBytes(StandardCharsets.UTF_8));
      }
      String stdout = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(TIMEOUT_S, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new LabException(what + ": " + executable + " did not exit within " + TIMEOUT_S + " s");
      }
      JsonNode out = stdout.isBlank() ? JSON.createObjectNode() : JSON.readTree(stdout);
      if (p.exitValue() != 0) {
        throw new LabException(what + " failed (exit " + p.exitValue() + ", code " + out.path("code").asInt() + "): "
            + out.path("msg").asText() + (out.hasNonNull("details") ? " (" + out.path("details").asText() + ")" : ""));
      }
      return out;
    } catch (IOException e) {
      throw new LabException(what + ": run " + executable + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new LabException(what + ": interrupted", e);
    }
  }
}
