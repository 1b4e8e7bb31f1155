package dev.podnet.ui;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Graphviz's {@code dot} (Debian's graphviz, installed by bin/setup) turning DOT text into SVG. */
public final class Graphviz {
  private Graphviz() {}

  public static String svg(String dot) {
    Process process;
    try {
      process = new ProcessBuilder("dot", "-Tsvg").start();
    } catch (IOException e) {
      throw new IllegalStateException("run Graphviz's dot for -o svg: " + e.getMessage() + " (install it: apt-get install graphviz, or run bin/setup)", e);
    }
    try {
      CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> readAll(process.getErrorStream()));
      try (OutputStream in = process.getOutputStream()) {
        in.write(dot.getBytes(StandardCharsets.UTF_8));
      }
      byte[] svg = readAll(process.getInputStream());
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException("Graphviz's dot -Tsvg did not finish within 30 s");
      }
      if (process.exitValue() != 0) {
        throw new IllegalStateException("Graphviz's dot -Tsvg failed (exit " + process.exitValue() + "): " + new String(err.join(), StandardCharsets.UTF_8).strip());
      }
      return new String(svg, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException("talk to Graphviz's dot -Tsvg: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while Graphviz's dot -Tsvg ran", e);
    }
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
