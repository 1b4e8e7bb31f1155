package dev.podnet.kernel;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** {@link Nft} by the {@code nft} command, entered into the namespace with {@code nsenter}. */
final class NftTool implements Nft {

  @Override
  public void apply(Netns netns, String script) {
    Exec.Result r = Exec.run(argv(netns, "-f", "-"), script);
    if (!r.ok()) {
      throw new KernelException("apply nft transaction (" + script.lines().count() + " lines)", netns, withScriptLine(r.stderr(), script));
    }
  }

  @Override
  public Optional<String> list(Netns netns, String family, String table) {
    return listing(netns, "list", "table", family, table);
  }

  @Override
  public Optional<String> listTerse(Netns netns, String... words) {
    return listing(netns, concat(List.of("-t", "list"), words));
  }

  @Override
  public Optional<String> listObject(Netns netns, String... words) {
    return listing(netns, concat(List.of("list"), words));
  }

  private static String[] concat(List<String> head, String... words) {
    List<String> all = new ArrayList<>(head);
    all.addAll(List.of(words));
    return all.toArray(String[]::new);
  }

  private static Optional<String> listing(Netns netns, String... args) {
    Exec.Result r = Exec.run(argv(netns, args), null);
    if (r.ok()) {
      return Optional.of(r.stdout());
    }
    if (isAbsent(r.stderr())) {
      return Optional.empty();
    }
    throw new KernelException(String.join(" ", args), netns, r.stderr());
  }

  @Override
  public void deleteTable(Netns netns, String family, String table) {
    Exec.Result r = Exec.run(argv(netns, "delete", "table", family, table), null);
    if (!r.ok() && !isAbsent(r.stderr())) {
      throw new KernelException("delete table " + family + " " + table, netns, r.stderr());
    }
  }

  private static boolean isAbsent(String stderr) {
    return stderr.contains("No such file or directory");
  }

  private static List<String> argv(Netns netns, String... args) {
    List<String> argv = new ArrayList<>(IpKernel.nsenter(netns));
    argv.add("nft");
    argv.addAll(List.of(args));
    return argv;
  }

  /**
   * nft names the failing line as {@code /dev/stdin:LINE:COLS: Error: ...}; it already echoes the
   * line, but only up to the first error, so the number is kept and the line repeated verbatim.
   */
  static String withScriptLine(String stderr, String script) {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("/dev/stdin:(\\d+):").matcher(stderr);
    if (!m.find()) {
      return stderr;
    }
    int line = Integer.parseInt(m.group(1));
    List<String> lines = script.lines().toList();
    String text = line >= 1 && line <= lines.size() ? lines.get(line - 1) : "?";
    return stderr.strip() + " [script line " + line + ": " + text + "]";
  }
}
