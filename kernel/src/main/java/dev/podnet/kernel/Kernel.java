package dev.podnet.kernel;

import java.util.List;
import java.util.Map;

/**
 * The Linux data plane as podnet programs it. Writes are typed requests applied in batches; reads
 * return values for reconcilers to compare against their plan. {@link IpKernel} talks to the real
 * kernel through iproute2; {@link FakeKernel} keeps the same state in memory for unit tests.
 */
public interface Kernel {

  /** Applies the requests in order in one namespace; the first failure stops the batch. */
  void apply(Netns ns, List<? extends IpCommand> batch);

  List<Link> links(Netns ns);

  List<Address> addresses(Netns ns);

  /** Routes of the main table. */
  List<Route> routes(Netns ns);

  /** Permanent neighbor entries on {@code dev}. */
  List<Neighbor> neighbors(Netns ns, String dev);

  /** Static FDB entries with a remote VTEP on {@code dev}. */
  List<FdbEntry> fdb(Netns ns, String dev);

  /** Writes sysctls (keys in dotted form, e.g. {@code net.ipv4.ip_forward}). */
  void sysctl(Netns ns, Map<String, String> values);

  String sysctl(Netns ns, String key);

  /** Creates {@code /run/netns/NAME} if missing. */
  Netns.Named ensureNetns(String name);

  /** Removes the namespace; absent counts as success. Links inside it go with it. */
  void deleteNetns(String name);

  /** Kills every process whose network namespace is {@code name} (before deleting it: a namespace lives while a process holds it). */
  void killProcesses(String name);

  /** Names of the namespaces under /run/netns. */
  List<String> netnsNames();

  /**
   * Removes every namespace (network and UTS) whose name starts with {@code prefix}, killing what
   * runs in them first: how a crashed run's leftovers are found and removed.
   */
  default void deleteAllNamed(String prefix) {
    List<String> names = netnsNames().stream().filter(ns -> ns.startsWith(prefix)).toList();
    killProcesses(names);
    deleteNetns(names);
    Uts.deleteAll(Uts.names().stream().filter(u -> u.startsWith(prefix)).toList());
  }

  /** {@link #killProcesses(String)} for many namespaces at once. */
  default void killProcesses(List<String> names) {
    names.forEach(this::killProcesses);
  }

  /**
   * {@link #deleteNetns(String)} for many namespaces at once. Deleting a pod's namespace takes its
   * veth pair with it, so a teardown needs no per-pod CNI DEL: the kernel frees them together.
   */
  default void deleteNetns(List<String> names) {
    names.forEach(this::deleteNetns);
  }

  default boolean linkExists(Netns ns, String name) {
    return links(ns).stream().anyMatch(l -> l.name().equals(name));
  }
}
