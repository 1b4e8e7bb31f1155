package dev.podnet.bench.lb;

import dev.podnet.kernel.Exec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The failures the benchmark inflicts on a lab node, and what it reads back: its LAN port (a
 * pulled cable), its agent process (SIGKILL, held from restarting by the supervisor's hold file),
 * the MAC its uplink has and the one the outside client uses for an IP.
 */
final class LabNodes {
  private final String cluster;
  private final Path stateDir;

  LabNodes(String cluster, Path stateDir) {
    this.cluster = cluster;
    this.stateDir = stateDir;
  }

  void lanPort(String node, String state) {
    Exec.Result r = Exec.run(List.of("ip", "netns", "exec", "pn-" + cluster + "-lan", "ip", "link", "set", "lan-" + node, state), null);
    if (!r.ok()) {
      throw new IllegalStateException("set lan-" + node + " " + state + " in pn-" + cluster + "-lan: " + r.stderr());
    }
  }

  long agentPid(String node) {
    try {
      return Long.parseLong(Files.readString(nodeDir(node).resolve("agent.pid")).strip());
    } catch (IOException | NumberFormatException e) {
      return -1; // between a kill and the restart's pid file
    }
  }

  /** SIGKILL to the node's agent; its supervisor does not restart it until {@link #release}. Returns when (nanoTime) it was sent. */
  long killAgentHeld(String node) {
    try {
      Files.writeString(nodeDir(node).resolve("hold"), "bench lb\n");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    long pid = agentPid(node);
    ProcessHandle agent = ProcessHandle.of(pid).orElseThrow(() -> new IllegalStateException(node + "'s agent (pid " + pid + ") is not running"));
    long at = System.nanoTime();
    agent.destroyForcibly();
    return at;
  }

  void release(String node) {
    try {
      Files.deleteIfExists(nodeDir(node).resolve("hold"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  String mac(String node) {
    return field(Exec.run(List.of("ip", "-n", "pn-" + cluster + "-" + node, "-o", "link", "show", "eth0"), null).stdout(), "link/ether");
  }

  /** Until the outside client's neighbor entry for {@code ip} is {@code node}'s uplink MAC. */
  void awaitClientPointsAt(String ip, String node, Duration timeout) {
    String mac = mac(node);
    long until = System.nanoTime() + timeout.toNanos();
    String seen = "";
    while (System.nanoTime() < until) {
      seen = field(Exec.run(List.of("ip", "-n", "pn-" + cluster + "-outside", "neigh", "show", ip), null).stdout(), "lladdr");
      if (seen.equalsIgnoreCase(mac)) {
        return;
      }
      sleep(100);
    }
    throw new IllegalStateException("the outside client reaches " + ip + " at " + seen + ", not at " + node + "'s " + mac);
  }

  private Path nodeDir(String node) {
    return stateDir.resolve("nodes").resolve(node);
  }

  private static String field(String text, String key) {
    String[] words = text.trim().split("\\s+");
    for (int i = 0; i + 1 < words.length; i++) {
      if (words[i].equals(key)) {
        return words[i + 1];
      }
    }
    return "";
  }

  static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
