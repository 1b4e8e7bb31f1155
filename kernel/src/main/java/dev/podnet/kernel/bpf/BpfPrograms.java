package dev.podnet.kernel.bpf;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Loading a BPF object, pinning its programs and maps, and attaching programs to podnet's own
 * cgroups. Attachments outlive the process that made them (and the pins): {@link #detach} is
 * what ends them.
 */
public interface BpfPrograms {

  /** The real one: {@code bpftool}. */
  static BpfPrograms tool() {
    return new BpfTool();
  }

  /** An object's pins: program name → pin, map name → pin. */
  record Loaded(Path dir, Map<String, Path> programs, Map<String, Path> maps) {}

  /** One program attached to one cgroup hook, as the kernel lists it. */
  record Attached(AttachType type, int programId, String programName) {}

  /**
   * Loads every program of {@code object} and pins them in {@code dir}, its maps in
   * {@code dir/maps}. When {@code dir} already holds pins they are used as they are: the programs
   * and maps (and their contents) of a restarted agent stay the ones that run.
   */
  Loaded ensureLoaded(Path object, Path dir);

  /** Attaches the pinned {@code program} with {@code multi} (sub-cgroups may attach too), unless it already is. */
  void ensureAttached(Cgroup cgroup, AttachType type, Path program);

  /** Detaches one attached program (by id: its pin may be gone); not attached counts as detached. */
  void detach(Cgroup cgroup, Attached attached);

  /** What is attached to {@code cgroup} itself; empty when it does not exist. */
  List<Attached> attached(Cgroup cgroup);

  /** Removes {@code dir} and every pin in it; absent counts as removed. */
  void unpin(Path dir);
}
