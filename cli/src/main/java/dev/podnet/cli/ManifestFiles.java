package dev.podnet.cli;

import dev.podnet.api.Manifest;
import dev.podnet.api.ManifestException;
import dev.podnet.api.Manifests;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The {@code -f} arguments of apply and delete: files, {@code -} for stdin, and directories (their
 * .yaml, .yml and .json files, sorted, not recursive, as kubectl reads them). All or nothing: every
 * problem in every file is collected before anything is refused.
 */
final class ManifestFiles {
  private ManifestFiles() {}

  static List<Manifest> read(List<String> files, InputStream stdin) {
    if (files.isEmpty()) {
      throw new CliException("must specify one of -f and -k (podnet takes -f FILE, a directory, or - for stdin)");
    }
    List<Manifest> manifests = new ArrayList<>();
    List<String> errors = new ArrayList<>();
    for (String f : files) {
      try {
        for (Path p : expand(f)) {
          manifests.addAll(p.toString().equals("-") ? Manifests.read("-", text(stdin)) : Manifests.readFile(p));
        }
      } catch (ManifestException e) {
        errors.addAll(e.errors());
      }
    }
    if (!errors.isEmpty()) {
      throw new CliException(errors);
    }
    if (manifests.isEmpty()) {
      throw new CliException("no objects passed (" + String.join(", ", files) + " held none)");
    }
    return manifests;
  }

  private static List<Path> expand(String f) {
    Path path = Path.of(f);
    if (f.equals("-") || !Files.isDirectory(path)) {
      return List.of(path);
    }
    try (Stream<Path> entries = Files.list(path)) {
      return entries.filter(p -> p.toString().matches(".*\\.(yaml|yml|json)$") && Files.isRegularFile(p)).sorted().toList();
    } catch (IOException e) {
      throw new ManifestException(f + ": cannot list the directory: " + e.getMessage());
    }
  }

  private static String text(InputStream stdin) {
    try {
      return new String(stdin.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new ManifestException("-: cannot read standard input: " + e.getMessage());
    }
  }
}
