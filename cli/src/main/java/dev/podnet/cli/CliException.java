package dev.podnet.cli;

import java.util.List;

/** A command that cannot do what was asked: each line is printed as {@code error: LINE}, and podnet exits 1. */
final class CliException extends RuntimeException {
  private final List<String> lines;

  CliException(String line) {
    this(List.of(line));
  }

  CliException(List<String> lines) {
    super(String.join("\n", lines));
    if (lines.isEmpty()) {
      throw new IllegalArgumentException("a CliException needs at least one line");
    }
    this.lines = List.copyOf(lines);
  }

  List<String> lines() {
    return lines;
  }
}
