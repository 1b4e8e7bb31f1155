package dev.podnet.agent.cni;

import dev.podnet.cni.CniResponse;
import dev.podnet.kernel.Exec;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A packaged plugin executable, run the way a runtime runs it: bare env, stdin, stdout. Both are
 * built by {@code mvn package -pl cni}; the agent module's tests run after it in the reactor.
 */
record Launcher(Path path) {
  /** {@code podnet-cni}: the C client runtimes exec. */
  static final Launcher C = new Launcher(Path.of(System.getProperty("podnet.cni.launcher", "../cni/target/podnet-cni")));
  /** {@code podnet-cni-java}: the reference implementation, PluginMain in a JVM. */
  static final Launcher JAVA = new Launcher(Path.of(System.getProperty("podnet.cni.launcher.java", "../cni/target/podnet-cni-java")));

  Launcher {
    path = path.toAbsolutePath().normalize();
  }

  Path require() {
    if (!Files.isExecutable(path)) {
      throw new IllegalStateException(path + " is missing or not executable: run 'mvn package -pl cni' first");
    }
    return path;
  }

  CniResponse run(Map<String, String> env, String stdin) {
    ProcessBuilder pb = new ProcessBuilder(List.of(require().toString())).directory(Path.of("/").toFile());
    pb.environment().clear();
    pb.environment().putAll(env);
    pb.redirectError(ProcessBuilder.Redirect.DISCARD);
    try {
      Process p = pb.start();
      try (OutputStream in = p.getOutputStream()) {
        in.write(stdin.getBytes(StandardCharsets.UTF_8));
      }
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException(path + " did not exit within 60 s");
      }
      return new CniResponse(p.exitValue(), out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** {@code ip -n NETNS ...} output, for assertions on end state. */
  static String ip(String netns, String... args) {
    List<String> argv = new java.util.ArrayList<>(List.of("ip", "-n", netns));
    argv.addAll(List.of(args));
    return Exec.run(argv, null).stdout();
  }
}
