package dev.podnet.kernel.bpf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.podnet.kernel.Exec;
import dev.podnet.kernel.KernelException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * {@link BpfPrograms} by {@code bpftool} (Debian's, 7.x): loading and attaching happen once per
 * agent start, so a fork each costs nothing that matters, and bpftool's verifier log beats any
 * error we would print ourselves. Map contents go through bpf() instead ({@link BpfMap}).
 */
final class BpfTool implements BpfPrograms {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String MAPS = "maps";

  @Override
  public Loaded ensureLoaded(Path object, Path dir) {
    if (Files.isDirectory(dir.resolve(MAPS))) {
      return pins(dir);
    }
    mkdirs(dir);
    Exec.Result r = Exec.run(List.of("bpftool", "prog", "loadall", object.toString(), dir.toString(), "pinmaps", dir.resolve(MAPS).toString()), null);
    if (!r.ok()) {
      unpin(dir);
      throw new KernelException("load bpf object " + object + " pinned at " + dir, "host", tail(r.stderr())
          + " (a verifier rejection names the program and instruction; is clang's object for this kernel?)");
    }
    return pins(dir);
  }

  private static Loaded pins(Path dir) {
    return new Loaded(dir, files(dir), files(dir.resolve(MAPS)));
  }

  private static Map<String, Path> files(Path dir) {
    Map<String, Path> out = new TreeMap<>();
    try (Stream<Path> s = Files.list(dir)) {
      s.filter(Files::isRegularFile).forEach(p -> out.put(p.getFileName().toString(), p));
    } catch (IOException e) {
      throw new KernelException("list pins in " + dir, "host", e.toString());
    }
    return out;
  }

  @Override
  public void ensureAttached(Cgroup cgroup, AttachType type, Path program) {
    int id = programId(program);
    if (attached(cgroup).stream().anyMatch(a -> a.type() == type && a.programId() == id)) {
      return;
    }
    run("attach " + program + " to " + cgroup.dir() + " " + type.word,
        List.of("bpftool", "cgroup", "attach", cgroup.dir().toString(), type.word, "pinned", program.toString(), "multi"));
  }

  @Override
  public void detach(Cgroup cgroup, Attached a) {
    if (!attached(cgroup).contains(a)) {
      return;
    }
    run("detach program " + a.programId() + " (" + a.programName() + ") from " + cgroup.dir() + " " + a.type().word,
        List.of("bpftool", "cgroup", "detach", cgroup.dir().toString(), a.type().word, "id", Integer.toString(a.programId())));
  }

  @Override
  public List<Attached> attached(Cgroup cgroup) {
    if (!cgroup.exists()) {
      return List.of();
    }
    String out = run("list programs attached to " + cgroup.dir(), List.of("bpftool", "-j", "cgroup", "show", cgroup.dir().toString()));
    List<Attached> found = new ArrayList<>();
    for (JsonNode n : parse(out)) {
      Arrays.stream(AttachType.values()).filter(t -> t.listed.equals(n.path("attach_type").asText())).findFirst()
          .ifPresent(t -> found.add(new Attached(t, n.path("id").asInt(), n.path("name").asText())));
    }
    return found;
  }

  private int programId(Path program) {
    String out = run("read the id of " + program, List.of("bpftool", "-j", "prog", "show", "pinned", program.toString()));
    return parse(out).path("id").asInt();
  }

  @Override
  public void unpin(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException | UncheckedIOException e) {
      throw new KernelException("unpin " + dir, "host", e.toString());
    }
  }

  private static void mkdirs(Path dir) {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new KernelException("create pin directory " + dir, "host", e.toString() + " (is bpffs mounted there?)");
    }
  }

  private static String run(String what, List<String> argv) {
    Exec.Result r = Exec.run(argv, null);
    if (!r.ok()) {
      throw new KernelException(what, "host", tail(r.stderr() + r.stdout()));
    }
    return r.stdout();
  }

  private static JsonNode parse(String json) {
    try {
      return JSON.readTree(json.isBlank() ? "[]" : json);
    } catch (IOException e) {
      throw new KernelException("read bpftool's JSON", "host", e.getMessage() + " in: " + json);
    }
  }

  /** The end of a long verifier log: the rejection is in its last lines. */
  private static String tail(String s) {
    List<String> lines = s.strip().lines().toList();
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
  }
}
