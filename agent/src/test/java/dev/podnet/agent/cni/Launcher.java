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

/** The packaged {@code podnet-cni} executable, run the way a runtime runs it: bare env, stdin, stdout. */
final class Launcher {
  /** Built by {@code mvn package -pl cni}; the agent module's tests run after it in the reactor. */
  static final Path PATH = Path.of(System.getProperty("podnet.cni.launcher", "../cni/target/podnet-cni")).toAbsolutePath().normalize();

  private Launcher() {}

  static Path require() {
    if (!Files.isExecutable(PATH)) {
      throw new IllegalStateException(PATH + " is missing or not executable: run 'mvn package -pl cni' first");
    }
    return PATH;
  }

  static CniResponse run(Map<String, String> env, String stdin) {
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
        throw new IllegalStateException("podnet-cni did not exit within 60 s");
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
