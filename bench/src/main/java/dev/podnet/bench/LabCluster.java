package dev.podnet.bench;

import dev.podnet.kernel.Exec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One lab cluster driven through the podnet CLI as a user drives it (its state and kubeconfig in
 * {@code base}, no rebuild): the benches' one way to run {@code podnet}.
 */
public record LabCluster(Path checkout, Path base, String name) {

  /** The command line of {@code podnet ARGS} on this cluster, for callers that run it themselves. */
  public List<String> argv(String... args) {
    List<String> a = new ArrayList<>(List.of("env", "PODNET_STATE_DIR=" + base, "KUBECONFIG=" + base.resolve("kubeconfig"), "PODNET_SKIP_BUILD=1",
        checkout.resolve("bin/podnet").toString(), "--name=" + name));
    a.addAll(List.of(args));
    return a;
  }

  public Exec.Result run(String... args) {
    return Exec.run(argv(args), null, Duration.ofMinutes(10));
  }

  public String ok(String... args) {
    Exec.Result r = run(args);
    if (!r.ok()) {
      throw new IllegalStateException("podnet " + String.join(" ", args) + " on cluster " + name + " failed: " + r.stderr() + r.stdout());
    }
    return r.stdout();
  }

  public void apply(String yaml) {
    Exec.Result a = Exec.run(argv("apply", "-f", "-"), yaml, Duration.ofMinutes(2));
    if (!a.ok()) {
      throw new IllegalStateException("apply on cluster " + name + " failed: " + a.stderr());
    }
  }

  /** {@code kubectl apply -f -} against this cluster's API, as a user of the real kubectl applies. */
  public void kubectlApply(String yaml) {
    Exec.Result a = Exec.run(List.of("env", "KUBECONFIG=" + base.resolve("kubeconfig"), "kubectl", "apply", "-f", "-"), yaml, Duration.ofMinutes(2));
    if (!a.ok()) {
      throw new IllegalStateException("kubectl apply on cluster " + name + " failed: " + a.stderr());
    }
  }

  /** The network namespace of a lab node, as {@code ip netns} names it. */
  public String netns(String node) {
    return "pn-" + name + "-" + node;
  }

  public void down() {
    run("down");
  }
}
