package dev.podnet.bench.cni;

import dev.podnet.cni.CniCommand;
import dev.podnet.cni.CniHandler;
import dev.podnet.cni.CniRequest;
import dev.podnet.cni.CniResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** One way of attaching a pod sandbox to the node network: the thing being measured. */
sealed interface Pods {
  CniResponse add(String id, String netns);

  CniResponse del(String id, String netns);

  /** The agent's handler, called in-process (what the lab does). */
  record InAgent(CniHandler handler, String conf) implements Pods {
    @Override
    public CniResponse add(String id, String netns) {
      return handler.handle(CniSetupBench.request(CniCommand.ADD, id, netns, conf));
    }

    @Override
    public CniResponse del(String id, String netns) {
      return handler.handle(CniSetupBench.request(CniCommand.DEL, id, netns, conf));
    }
  }

  /** A podnet-cni process as a runtime would exec it (the C client, or the JVM reference), then the socket round trip. */
  record Executable(Path launcher, String conf) implements Pods {
    @Override
    public CniResponse add(String id, String netns) {
      return exec(List.of(launcher.toString()), CniSetupBench.request(CniCommand.ADD, id, netns, conf), conf);
    }

    @Override
    public CniResponse del(String id, String netns) {
      return exec(List.of(launcher.toString()), CniSetupBench.request(CniCommand.DEL, id, netns, conf), conf);
    }
  }

  /**
   * Debian's bridge + host-local. The bridge plugin makes its host side in the netns it runs in,
   * so it runs inside the node netns, as a runtime on that node would run it.
   */
  record Reference(String nodeNetns, Path dataDir, String subnet) implements Pods {
    String conf() {
      return "{\"cniVersion\":\"1.0.0\",\"name\":\"refnet\",\"type\":\"bridge\",\"bridge\":\"refbr0\",\"isGateway\":true,"
          + "\"ipam\":{\"type\":\"host-local\",\"subnet\":\"" + subnet + "\",\"dataDir\":\"" + dataDir + "\"}}";
    }

    @Override
    public CniResponse add(String id, String netns) {
      return run(CniCommand.ADD, id, netns);
    }

    @Override
    public CniResponse del(String id, String netns) {
      return run(CniCommand.DEL, id, netns);
    }

    private CniResponse run(CniCommand command, String id, String netns) {
      List<String> argv = List.of("nsenter", "--net=/run/netns/" + nodeNetns, "--", "/usr/lib/cni/bridge");
      return exec(argv, CniSetupBench.request(command, id, netns, conf()), conf());
    }
  }

  /** Runs a plugin as a runtime does: only the CNI_* environment, config on stdin. */
  static CniResponse exec(List<String> argv, CniRequest req, String stdin) {
    ProcessBuilder pb = new ProcessBuilder(argv).redirectError(ProcessBuilder.Redirect.DISCARD);
    pb.environment().clear();
    pb.environment().putAll(req.toEnv());
    try {
      Process p = pb.start();
      try (OutputStream in = p.getOutputStream()) {
        in.write(stdin.getBytes(StandardCharsets.UTF_8));
      }
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      return new CniResponse(p.waitFor(), out);
    } catch (IOException e) {
      throw new UncheckedIOException("run " + argv, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted running " + argv, e);
    }
  }

  /** cni/target/NAME (podnet-cni, podnet-cni-java), from the repo root or a module directory; -Dpodnet.cni.launcher for podnet-cni. */
  static Path launcher(String name) {
    String given = name.equals("podnet-cni") ? System.getProperty("podnet.cni.launcher", "") : "";
    List<Path> candidates = given.isEmpty() ? List.of(Path.of("cni/target", name), Path.of("../cni/target", name)) : List.of(Path.of(given));
    return candidates.stream().filter(Files::isExecutable).findFirst().map(Path::toAbsolutePath)
        .orElseThrow(() -> new IllegalStateException("no " + name + " at " + candidates + ": run 'mvn package -pl cni'"));
  }
}
