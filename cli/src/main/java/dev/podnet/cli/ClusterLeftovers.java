package dev.podnet.cli;

import dev.podnet.agent.ebpf.SocketLbHooks;
import dev.podnet.kernel.IpKernel;
import dev.podnet.kernel.Kernel;
import dev.podnet.kernel.Uts;
import dev.podnet.kernel.bpf.BpfPrograms;
import dev.podnet.kernel.bpf.Bpffs;
import dev.podnet.kernel.bpf.Cgroup;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * What a cluster left on this host that its name alone finds: namespaces {@code pn-NAME-*}
 * (network and UTS), the socket LB's cgroup {@code podnet-NAME} under the cgroup2 mount and its
 * pins {@code podnet-NAME} in bpffs. {@code down} sweeps them last, so a cluster whose state
 * directory is gone, or whose teardown stopped half-way, still goes.
 *
 * <p>Names carry no end marker ({@code pn-a-} is a prefix of cluster {@code a-b}'s {@code pn-a-b-}),
 * so a name that fits a longer cluster this host knows of (by its state directory, cgroup or pins)
 * is that cluster's and stays. podnetd's own etcd runs in the host's namespace, so it is found by
 * its command line instead: {@code etcd --data-dir STATE/etcd/...}, STATE the cluster's state directory.
 */
record ClusterLeftovers(String cluster, List<String> netns, List<String> uts, boolean cgroup, boolean pins, List<Long> etcd) {

  /** What the host shows, by name: network and UTS namespaces, {@code podnet-*} cgroups and bpffs directories, state directories. */
  record Seen(List<String> netns, List<String> uts, List<String> cgroups, List<String> pins, List<String> stateDirs) {}

  /** Pure: which of {@code seen} belong to {@code cluster}. */
  static ClusterLeftovers match(String cluster, Seen seen) {
    Set<String> others = new TreeSet<>(seen.stateDirs());
    Stream.concat(seen.cgroups().stream(), seen.pins().stream()).filter(n -> n.startsWith(Cgroup.OWNER_PREFIX))
        .map(n -> n.substring(Cgroup.OWNER_PREFIX.length())).forEach(others::add);
    others.remove(cluster);
    String prefix = namePrefix(cluster);
    Predicate<String> ours = n -> n.startsWith(prefix)
        && others.stream().noneMatch(o -> o.length() > cluster.length() && n.startsWith(namePrefix(o)));
    String owner = Cgroup.OWNER_PREFIX + cluster;
    return new ClusterLeftovers(cluster, seen.netns().stream().filter(ours).sorted().toList(), seen.uts().stream().filter(ours).sorted().toList(),
        seen.cgroups().contains(owner), seen.pins().contains(owner), List.of());
  }

  /** Pure: the pids among {@code commandLines} of an etcd keeping its data under {@code stateDir}/etcd. */
  static List<Long> etcdOf(Path stateDir, Map<Long, List<String>> commandLines) {
    String data = stateDir.resolve("etcd").toString();
    return commandLines.entrySet().stream().filter(e -> !e.getValue().isEmpty() && Path.of(e.getValue().get(0)).getFileName().toString().equals("etcd"))
        .filter(e -> optionOf(e.getValue(), "--data-dir").map(d -> d.equals(data) || d.startsWith(data + "/")).orElse(false))
        .map(Map.Entry::getKey).sorted().toList();
  }

  /** The prefix of every namespace cluster {@code name} makes (podnetd's {@code DaemonConfig.prefix}). */
  static String namePrefix(String name) {
    return "pn-" + name + "-";
  }

  /** Looks at this host. */
  static ClusterLeftovers find(Cluster cluster) {
    ClusterLeftovers byName = match(cluster.name(), seen(new IpKernel(), cluster.stateDir().getParent()));
    return new ClusterLeftovers(byName.cluster, byName.netns, byName.uts, byName.cgroup, byName.pins, etcdOf(cluster.stateDir(), commandLines()));
  }

  /** Every process's argv, from /proc (a process that exits meanwhile is skipped). */
  static Map<Long, List<String>> commandLines() {
    Map<Long, List<String>> out = new TreeMap<>();
    ProcessHandle.allProcesses().forEach(p -> {
      try {
        String raw = new String(Files.readAllBytes(Path.of("/proc", Long.toString(p.pid()), "cmdline")), StandardCharsets.UTF_8);
        if (!raw.isEmpty()) {
          out.put(p.pid(), List.of(raw.split("\0")));
        }
      } catch (IOException | RuntimeException e) {
        // exited meanwhile, or a kernel thread
      }
    });
    return out;
  }

  static Seen seen(Kernel kernel, Path stateBase) {
    List<String> cgroups = Cgroup.findV2Mount().map(ClusterLeftovers::dirs).orElse(List.of());
    return new Seen(kernel.netnsNames(), Uts.names(), cgroups, dirs(Bpffs.DEFAULT), stateBase == null ? List.of() : dirs(stateBase));
  }

  private static List<String> dirs(Path p) {
    try (Stream<Path> s = Files.list(p)) {
      return s.filter(Files::isDirectory).map(x -> x.getFileName().toString()).toList();
    } catch (IOException e) {
      return List.of();
    }
  }

  /**
   * A podnetd of cluster {@code name} that is running (under any state directory): its names are
   * the same, so a sweep would tear a live cluster apart when {@code down} was merely pointed at
   * another {@code PODNET_STATE_DIR}.
   */
  static Optional<String> livePodnetd(String name) {
    return commandLines().entrySet().stream().filter(e -> isPodnetdOf(name, e.getValue()))
        .map(e -> "pid " + e.getKey() + " (" + optionOf(e.getValue(), "--state-dir").orElse("default state directory") + ")").findFirst();
  }

  /** Pure: is {@code argv} a podnetd serving cluster {@code name} (not its {@code --down} cleanup)? */
  static boolean isPodnetdOf(String name, List<String> argv) {
    return argv.contains(Podnetd.MAIN_CLASS) && !argv.contains("--down") && optionOf(argv, "--name").orElse(Cluster.DEFAULT_NAME).equals(name);
  }

  private static Optional<String> optionOf(List<String> argv, String option) {
    for (int i = 0; i < argv.size(); i++) {
      if (argv.get(i).equals(option) && i + 1 < argv.size()) {
        return Optional.of(argv.get(i + 1));
      }
      if (argv.get(i).startsWith(option + "=")) {
        return Optional.of(argv.get(i).substring(option.length() + 1));
      }
    }
    return Optional.empty();
  }

  boolean isEmpty() {
    return netns.isEmpty() && uts.isEmpty() && !cgroup && !pins && etcd.isEmpty();
  }

  /** One line a user can check by hand: {@code ip netns}, {@code ls /run/podnet/utsns}, the cgroup and bpffs directories. */
  String describe() {
    List<String> parts = new ArrayList<>();
    if (!netns.isEmpty()) {
      parts.add(netns.size() + " network namespaces (" + String.join(" ", netns) + ")");
    }
    if (!uts.isEmpty()) {
      parts.add(uts.size() + " UTS namespaces in " + Uts.DIR);
    }
    if (cgroup) {
      parts.add("cgroup " + Cgroup.OWNER_PREFIX + cluster);
    }
    if (pins) {
      parts.add("bpffs pins " + Bpffs.DEFAULT.resolve(Cgroup.OWNER_PREFIX + cluster));
    }
    if (!etcd.isEmpty()) {
      parts.add("its etcd (pid " + etcd.stream().map(String::valueOf).collect(java.util.stream.Collectors.joining(" ")) + ")");
    }
    return parts.isEmpty() ? "nothing" : String.join(", ", parts);
  }

  /**
   * Kills what runs in the namespaces and removes them, then detaches and unpins the socket LB
   * and removes its cgroups. Each part is tried even when an earlier one failed; every failure is
   * named at the end.
   */
  void remove(Kernel kernel) {
    List<String> failures = new ArrayList<>();
    if (!netns.isEmpty()) {
      step(failures, () -> {
        kernel.killProcesses(netns);
        kernel.deleteNetns(netns);
      });
    }
    if (!uts.isEmpty()) {
      step(failures, () -> {
        Uts.deleteAll(uts);
        Uts.deleteDirIfEmpty();
      });
    }
    if (cgroup || pins) {
      step(failures, () -> SocketLbHooks.removeAll(BpfPrograms.tool(), cluster));
    }
    for (long pid : etcd) {
      step(failures, () -> ProcessHandle.of(pid).ifPresent(ClusterLeftovers::stop));
    }
    if (!failures.isEmpty()) {
      List<String> lines = new ArrayList<>(List.of("could not remove all that cluster '" + cluster + "' left:"));
      lines.addAll(failures);
      lines.add("see what is left with: ip netns | grep " + namePrefix(cluster) + "; bpftool cgroup tree; ls " + Bpffs.DEFAULT
          + "; then run podnet down again");
      throw new CliException(lines);
    }
  }

  /** SIGTERM, then SIGKILL after 10 s (etcd syncs its data on TERM; here the data is the dead cluster's). */
  private static void stop(ProcessHandle h) {
    h.destroy();
    try {
      h.onExit().get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      h.destroyForcibly();
    }
  }

  private static void step(List<String> failures, Runnable step) {
    try {
      step.run();
    } catch (RuntimeException e) {
      failures.add(e.getMessage());
    }
  }
}
