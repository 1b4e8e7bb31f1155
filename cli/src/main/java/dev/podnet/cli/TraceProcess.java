package dev.podnet.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.podnet.api.Json;
import dev.podnet.ui.Tracer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A trace for the map, run as the user would run it: {@code podnet --name CLUSTER trace FROM TO -o json}
 * in a child process on this very JVM and classpath, so the map draws exactly what the command prints.
 * The child owns the probe and its trace rules, and removes them itself, also when it is interrupted.
 */
record TraceProcess(String cluster) implements Tracer {
  static final long TIMEOUT_S = 60;

  @Override
  public JsonNode trace(String from, String to) {
    List<String> command = command(from, to);
    Process process;
    try {
      process = new ProcessBuilder(command).start();
    } catch (IOException e) {
      throw new TraceException("start " + String.join(" ", command.subList(command.indexOf("trace"), command.size())) + ": " + e.getMessage());
    }
    try {
      CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> readAll(process.getErrorStream()));
      byte[] out = readAll(process.getInputStream());
      if (!process.waitFor(TIMEOUT_S, TimeUnit.SECONDS)) {
        process.destroy(); // SIGTERM: the trace removes its probe and rules on the way out
        throw new TraceException("podnet trace " + from + " " + to + " did not finish within " + TIMEOUT_S + " s");
      }
      String stderr = new String(err.join(), StandardCharsets.UTF_8).strip();
      if (out.length == 0) {
        throw new TraceException("podnet trace " + from + " " + to + " failed (exit " + process.exitValue() + "): " + stderr);
      }
      return Json.mapper().readTree(out);
    } catch (IOException e) {
      throw new TraceException("podnet trace " + from + " " + to + ": its output is not JSON: " + e.getMessage());
    } catch (InterruptedException e) {
      process.destroy();
      Thread.currentThread().interrupt();
      throw new TraceException("interrupted while podnet trace " + from + " " + to + " ran");
    }
  }

  List<String> command(String from, String to) {
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    command.addAll(List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"), Main.class.getName(),
        "--name", cluster, "trace", target(from), target(to), "-o", "json"));
    return command;
  }

  /**
   * A map id as {@code podnet trace} takes it: pods and nodes as they are, a Service as {@code svc/NAME.NS},
   * an LB IP as the plain address.
   */
  static String target(String mapId) {
    if (mapId.startsWith("lb/")) {
      return mapId.substring(3);
    }
    String[] parts = mapId.split("/");
    return parts.length == 3 && parts[0].equals("svc") ? "svc/" + parts[2] + "." + parts[1] : mapId;
  }

  private static byte[] readAll(InputStream in) {
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      in.transferTo(out);
      return out.toByteArray();
    } catch (IOException e) {
      return new byte[0];
    }
  }
}
