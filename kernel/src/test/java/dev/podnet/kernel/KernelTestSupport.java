package dev.podnet.kernel;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/** The extension behind {@link KernelTest}. */
public final class KernelTestSupport implements BeforeAllCallback, AfterEachCallback, AfterAllCallback {

  /** Every test run's names start with "pt", then this JVM's pid in base 36, then "-". */
  private static final String FAMILY = "pt";
  private static final String PREFIX = FAMILY + Long.toString(ProcessHandle.current().pid(), 36) + "-";
  private static final ExtensionContext.Namespace STORE = ExtensionContext.Namespace.create(KernelTestSupport.class);

  /** The per-run prefix for namespace names (short: it never goes into a link name). */
  public static String prefix() {
    return PREFIX;
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    String why = missingPrivilege();
    if (why != null) {
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        Assertions.fail("kernel test cannot run in CI: " + why);
      }
      Assumptions.abort("kernel test skipped: " + why);
    }
    removeCrashedRuns();
    context.getStore(STORE).put("root", rootSnapshot());
  }

  @Override
  public void afterEach(ExtensionContext context) {
    removeAll(PREFIX);
  }

  @Override
  public void afterAll(ExtensionContext context) {
    removeAll(PREFIX);
    @SuppressWarnings("unchecked")
    Map<String, String> before = context.getStore(STORE).get("root", Map.class);
    if (before != null) {
      Assertions.assertEquals(before, rootSnapshot(), "the root network namespace changed during " + context.getDisplayName());
    }
  }

  private static String missingPrivilege() {
    try {
      for (String l : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (l.startsWith("Uid:") && !l.split("\\s+")[2].equals("0")) {
          return "needs root (effective uid " + l.split("\\s+")[2] + "); run the tests as root";
        }
      }
    } catch (IOException e) {
      return "cannot read /proc/self/status: " + e.getMessage();
    }
    for (String tool : List.of("ip", "bridge", "nsenter", "unshare")) {
      if (!Exec.run(List.of("sh", "-c", "command -v " + tool), null).ok()) {
        return tool + " is not installed (apt-get install iproute2 util-linux)";
      }
    }
    return null;
  }

  /** Kills what runs in the namespaces with {@code prefix} and removes them and their UTS handles. */
  public static void removeAll(String prefix) {
    new IpKernel().deleteAllNamed(prefix);
  }

  /** Leftovers of test runs whose JVM is gone (a crashed or killed run). */
  private static void removeCrashedRuns() {
    List<String> prefixes = new ArrayList<>();
    for (String name : new IpKernel().netnsNames()) {
      int dash = name.indexOf('-');
      if (name.startsWith(FAMILY) && dash > FAMILY.length()) {
        String pid36 = name.substring(FAMILY.length(), dash);
        try {
          long pid = Long.parseLong(pid36, 36);
          if (ProcessHandle.of(pid).isEmpty()) {
            prefixes.add(name.substring(0, dash + 1));
          }
        } catch (NumberFormatException e) {
          // not ours
        }
      }
    }
    prefixes.stream().distinct().forEach(KernelTestSupport::removeAll);
  }

  /** {@code ff..} (IPv6) or 224-239.x (IPv4) multicast: the kernel maps these, nobody adds them. */
  static boolean isMulticastNeighbor(String line) {
    String addr = line.split(" ", 2)[0];
    if (addr.startsWith("ff")) {
      return true;
    }
    int dot = addr.indexOf('.');
    if (dot <= 0) {
      return false;
    }
    try {
      int first = Integer.parseInt(addr.substring(0, dot));
      return first >= 224 && first <= 239;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  /** The root namespace as the acceptance compares it. */
  public static Map<String, String> rootSnapshot() {
    Map<String, String> s = new TreeMap<>();
    s.put("ip -d link", Exec.run(List.of("ip", "-d", "link", "show"), null).stdout());
    s.put("ip route", Exec.run(List.of("ip", "route", "show", "table", "all"), null).stdout());
    s.put("ip -6 route", Exec.run(List.of("ip", "-6", "route", "show", "table", "all"), null).stdout());
    // Dynamic entries (REACHABLE, STALE, FAILED...) come and go with the machine's own traffic;
    // the static ones are what a program could have added. Multicast entries (NOARP, made by
    // the kernel when the host joins or reports a group) do too, and the listing's order is the
    // kernel's hash order: both are left out of the comparison. So are NOARP entries on lo: the
    // kernel makes one for a host's own address (fd00::2 here) when a local socket talks to it,
    // and lets it age out; nothing can be reached through lo, so none is a program's doing.
    String neigh = Exec.run(List.of("ip", "neigh", "show", "nud", "permanent"), null).stdout()
        + Exec.run(List.of("ip", "neigh", "show", "nud", "noarp"), null).stdout();
    s.put("ip neigh", neigh.lines().filter(l -> !isMulticastNeighbor(l) && !l.contains(" dev lo ")).sorted().collect(java.util.stream.Collectors.joining("\n")));
    Exec.Result nft = Exec.run(List.of("sh", "-c", "command -v nft >/dev/null && nft list ruleset || echo no-nft"), null);
    s.put("nft list ruleset", nft.stdout());
    return s;
  }
}
