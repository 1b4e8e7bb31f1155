package dev.podnet.agent.ebpf;

import dev.podnet.kernel.KernelException;
import dev.podnet.kernel.bpf.AttachType;
import dev.podnet.kernel.bpf.BpfPrograms;
import dev.podnet.kernel.bpf.Bpffs;
import dev.podnet.kernel.bpf.Cgroup;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Where one node's socket LB lives: its programs and maps pinned at
 * {@code bpffs/podnet-OWNER/NODE}, attached (multi) to the cgroup {@code podnet-OWNER/NODE}
 * that the node's pod processes are placed in before they start. {@link #ensure} is safe to
 * repeat (an agent restart reuses the pins and finds the programs attached); {@link #remove}
 * detaches, unpins and removes the cgroup, and works from any process ({@code down}).
 */
public final class SocketLbHooks {
  private final BpfPrograms programs;
  private final Cgroup cgroup;
  private final Path pins;
  private final Bpffs fs;

  private SocketLbHooks(BpfPrograms programs, Cgroup cgroup, Path pins, Bpffs fs) {
    this.programs = programs;
    this.cgroup = cgroup;
    this.pins = pins;
    this.fs = fs;
  }

  /** The hooks of node {@code node} of cluster {@code owner}, whether or not they exist. */
  public static SocketLbHooks of(BpfPrograms programs, String owner, String node) {
    Bpffs fs = new Bpffs(Bpffs.DEFAULT);
    return new SocketLbHooks(programs, Cgroup.of(owner, node), fs.mountPoint().resolve(Cgroup.OWNER_PREFIX + owner).resolve(node), fs);
  }

  /** Loads (or finds) the programs and maps, creates the cgroup and attaches all four hooks. */
  public static SocketLbHooks ensure(BpfPrograms programs, String owner, String node) {
    SocketLbHooks h = of(programs, owner, node);
    Bpffs.ensureMounted(h.fs.mountPoint());
    BpfPrograms.Loaded loaded = h.load();
    Cgroup.ensure(owner, node);
    for (Map.Entry<AttachType, String> p : SocketLbNames.PROGRAMS.entrySet()) {
      Path pin = loaded.programs().get(p.getValue());
      if (pin == null) {
        throw new KernelException("attach " + p.getValue() + " to " + h.cgroup.dir(), "host", "no pin " + p.getValue() + " in " + h.pins
            + " (found " + loaded.programs().keySet() + "): the pins are from another build; run down, or remove " + h.pins);
      }
      programs.ensureAttached(h.cgroup, p.getKey(), pin);
    }
    return h;
  }

  private BpfPrograms.Loaded load() {
    Path object;
    try (InputStream in = SocketLbHooks.class.getResourceAsStream(SocketLbNames.OBJECT_RESOURCE)) {
      if (in == null) {
        throw new KernelException("load the socket LB", "host", SocketLbNames.OBJECT_RESOURCE
            + " is not in the agent's jar: build the agent module with clang installed (bin/setup)");
      }
      object = Files.createTempFile("podnet-sock-lb", ".o");
      Files.copy(in, object, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new KernelException("extract " + SocketLbNames.OBJECT_RESOURCE, "host", e.toString());
    }
    try {
      return programs.ensureLoaded(object, pins);
    } finally {
      object.toFile().delete();
    }
  }

  public Cgroup cgroup() {
    return cgroup;
  }

  /** Where the maps are pinned. */
  public Path mapsDir() {
    return pins.resolve("maps");
  }

  /** The agent's two maps, opened through their pins. */
  public LbMaps openMaps() {
    return LbMaps.open(mapsDir());
  }

  /**
   * Detaches every podnet program from the cgroup (by id: pins may be gone already), unpins,
   * removes the cgroup, and unmounts bpffs when podnet mounted it and this was its last pin.
   * Absent pieces count as removed. A step that fails does not stop the later ones (a busy cgroup
   * must not keep the pins); all failures are reported together at the end.
   */
  public void remove() {
    List<String> failures = new ArrayList<>();
    step(failures, () -> {
      for (BpfPrograms.Attached a : programs.attached(cgroup)) {
        if (a.programName().startsWith(SocketLbNames.PROGRAM_PREFIX)) {
          programs.detach(cgroup, a);
        }
      }
    });
    step(failures, () -> programs.unpin(pins));
    step(failures, () -> deleteIfEmpty(pins.getParent()));
    step(failures, cgroup::delete);
    step(failures, fs::unmountIfPodnetsAndEmpty);
    if (!failures.isEmpty()) {
      throw new KernelException("remove the socket LB of " + cgroup.dir().getFileName() + " (cgroup " + cgroup.dir() + ", pins " + pins + ")",
          "host", String.join("; ", failures));
    }
  }

  private static void step(List<String> failures, Runnable step) {
    try {
      step.run();
    } catch (RuntimeException e) {
      failures.add(e.getMessage());
    }
  }

  /**
   * What {@code down} runs: {@link #remove} for every node of cluster {@code owner} that has a
   * cgroup or pins, found by listing (the agents may be gone). A node that fails does not stop
   * the others; every failure is named at the end.
   */
  public static void removeAll(BpfPrograms programs, String owner) {
    Set<String> nodes = new TreeSet<>(nodesOf(owner));
    List<String> failures = new ArrayList<>();
    for (String node : nodes) {
      step(failures, () -> of(programs, owner, node).remove());
    }
    // the owner directories themselves, when a teardown stopped before it reached them
    step(failures, () -> Cgroup.deleteOwnerIfEmpty(owner));
    step(failures, () -> {
      deleteIfEmpty(Bpffs.DEFAULT.resolve(Cgroup.OWNER_PREFIX + owner));
      new Bpffs(Bpffs.DEFAULT).unmountIfPodnetsAndEmpty();
    });
    if (!failures.isEmpty()) {
      throw new KernelException("remove the socket LB of cluster " + owner + " (nodes " + nodes + ")",
          "host", String.join("\n", failures));
    }
  }

  /** The nodes of cluster {@code owner} that have a cgroup or pins left. */
  public static Set<String> nodesOf(String owner) {
    Set<String> nodes = new TreeSet<>();
    Cgroup.findV2Mount().ifPresent(m -> nodes.addAll(dirsIn(m.resolve(Cgroup.OWNER_PREFIX + owner))));
    nodes.addAll(dirsIn(Bpffs.DEFAULT.resolve(Cgroup.OWNER_PREFIX + owner)));
    return nodes;
  }

  private static List<String> dirsIn(Path dir) {
    try (var s = Files.list(dir)) {
      return s.filter(Files::isDirectory).map(p -> p.getFileName().toString()).toList();
    } catch (IOException e) {
      return List.of();
    }
  }

  private static void deleteIfEmpty(Path dir) {
    try (var s = Files.list(dir)) {
      if (s.findAny().isEmpty()) {
        Files.deleteIfExists(dir);
      }
    } catch (IOException e) {
      // gone already, or another node's pins are still there: either way nothing to do
    }
  }
}
