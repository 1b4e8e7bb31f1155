package dev.podnet.lab;

import dev.podnet.kernel.Exec;
import dev.podnet.kernel.NamespaceSet;
import dev.podnet.kernel.Netns;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A pod sandbox: a network namespace and a UTS namespace (hostname = pod name), both persistent,
 * so every container process of the pod joins the same two and shares {@code localhost}. A
 * hostNetwork sandbox is the node's own namespaces.
 */
public final class Sandbox {
  private final String name;
  private final String podName;
  private final NamespaceSet namespaces;
  private final Optional<InetAddress> ip;
  private final boolean hostNetwork;
  private final List<Process> processes = new CopyOnWriteArrayList<>();

  Sandbox(String name, String podName, NamespaceSet namespaces, Optional<InetAddress> ip, boolean hostNetwork) {
    this.name = name;
    this.podName = podName;
    this.namespaces = namespaces;
    this.ip = ip;
    this.hostNetwork = hostNetwork;
  }

  /** The namespace name under /run/netns (the node's for hostNetwork). */
  public String name() {
    return name;
  }

  public String podName() {
    return podName;
  }

  public Netns netns() {
    return namespaces.net();
  }

  public Optional<Path> uts() {
    return namespaces.uts();
  }

  public NamespaceSet namespaces() {
    return namespaces;
  }

  /** The pod IP (the node's LAN address for hostNetwork). */
  public InetAddress ip() {
    return ip.orElseThrow();
  }

  public boolean hostNetwork() {
    return hostNetwork;
  }

  /** Starts a process in the sandbox's namespaces; it is killed when the sandbox goes. */
  public Process start(List<String> argv) {
    try {
      Process p = namespaces.processBuilder(argv).redirectErrorStream(false).start();
      processes.add(p);
      return p;
    } catch (IOException e) {
      throw new LabException("start " + String.join(" ", argv) + " in sandbox " + name + ": " + e.getMessage(), e);
    }
  }

  /** Runs a command to completion in the sandbox (stdin given, stdout/stderr/exit code returned). */
  public Exec.Result run(List<String> argv, String stdin) {
    return Exec.run(namespaces.command(argv), stdin);
  }

  public Exec.Result run(String... argv) {
    return run(List.of(argv), null);
  }

  void killProcesses() {
    for (Process p : processes) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
    }
    processes.clear();
  }
}
