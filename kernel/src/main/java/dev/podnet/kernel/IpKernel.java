package dev.podnet.kernel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@link Kernel} on the real kernel, through iproute2 batches. */
public final class IpKernel implements Kernel {
  private static final Logger log = LoggerFactory.getLogger(IpKernel.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern FAILED_LINE = Pattern.compile("Command failed -:(\\d+)");

  @Override
  public void apply(Netns ns, List<? extends IpCommand> batch) {
    int i = 0;
    while (i < batch.size()) {
      int end = groupEnd(batch, i);
      List<? extends IpCommand> group = batch.subList(i, end);
      int done = applyGroup(ns, group);
      i += done;
    }
    if (!batch.isEmpty()) {
      log.debug("applied netns={} requests={}", ns, batch.size());
    }
  }

  /** A run of requests for one tool; {@code neigh del} goes alone since ip exits on its failure without saying which line. */
  private static int groupEnd(List<? extends IpCommand> batch, int start) {
    IpCommand first = batch.get(start);
    if (first instanceof IpCommand.NeighborDelete) {
      return start + 1;
    }
    int end = start + 1;
    while (end < batch.size() && batch.get(end).tool() == first.tool() && !(batch.get(end) instanceof IpCommand.NeighborDelete)) {
      end++;
    }
    return end;
  }

  /** Applies a group; returns how many requests of it were handled (all, or up to and including a tolerated failure). */
  private int applyGroup(Netns ns, List<? extends IpCommand> group) {
    StringBuilder lines = new StringBuilder();
    for (IpCommand c : group) {
      lines.append(c.line()).append('\n');
    }
    Exec.Result r = Exec.run(toolArgv(ns, group.get(0).tool(), "-batch", "-"), lines.toString());
    if (r.ok()) {
      return group.size();
    }
    Matcher m = FAILED_LINE.matcher(r.stderr());
    int failed = m.find() ? Integer.parseInt(m.group(1)) : (group.size() == 1 ? 1 : -1);
    String reason = r.stderr().replaceAll("Command failed -:\\d+", "").strip();
    if (failed < 1) {
      throw new KernelException("apply batch [" + String.join("; ", group.stream().map(IpCommand::describe).toList()) + "]", ns, reason);
    }
    IpCommand c = group.get(failed - 1);
    if (c.absentOk() && IpCommand.isAbsentError(reason)) {
      return failed;
    }
    throw new KernelException(c.describe(), ns, reason);
  }

  private static List<String> toolArgv(Netns ns, IpCommand.Tool tool, String... args) {
    List<String> argv = new ArrayList<>();
    String bin = tool == IpCommand.Tool.IP ? "ip" : "bridge";
    if (ns instanceof Netns.Named n && tool == IpCommand.Tool.IP) {
      argv.addAll(List.of("ip", "-n", n.name()));
    } else {
      if (!(ns instanceof Netns.Host)) {
        argv.add("nsenter");
        argv.addAll(ns.nsenter());
        argv.add("--");
      }
      argv.add(bin);
    }
    argv.addAll(List.of(args));
    return argv;
  }

  private JsonNode readJson(Netns ns, IpCommand.Tool tool, String what, String... args) {
    Exec.Result r = Exec.run(toolArgv(ns, tool, args), null);
    if (!r.ok()) {
      throw new KernelException("list " + what, ns, r.stderr());
    }
    String out = r.stdout().isBlank() ? "[]" : r.stdout();
    try {
      return JSON.readTree(out);
    } catch (IOException e) {
      throw new KernelException("list " + what, ns, "unreadable JSON from " + tool + ": " + e.getMessage());
    }
  }

  @Override
  public List<Link> links(Netns ns) {
    List<Link> links = new ArrayList<>();
    for (JsonNode l : readJson(ns, IpCommand.Tool.IP, "links", "-j", "-d", "link", "show")) {
      boolean up = false;
      for (JsonNode f : l.path("flags")) {
        up |= f.asText().equals("UP");
      }
      JsonNode info = l.path("linkinfo");
      String mac = l.path("address").asText("");
      links.add(new Link(l.path("ifname").asText(), info.path("info_kind").asText(""), l.path("mtu").asInt(),
          up, Optional.ofNullable(l.path("master").textValue()),
          mac.matches("([0-9a-f]{2}:){5}[0-9a-f]{2}") ? Optional.of(new MacAddress(mac)) : Optional.empty(),
          info.path("info_slave_data").path("hairpin").asBoolean(false)));
    }
    return links;
  }

  @Override
  public List<Address> addresses(Netns ns) {
    List<Address> out = new ArrayList<>();
    for (JsonNode l : readJson(ns, IpCommand.Tool.IP, "addresses", "-j", "addr", "show")) {
      for (JsonNode a : l.path("addr_info")) {
        out.add(new Address(l.path("ifname").asText(), new Cidr(Ip.parse(a.path("local").asText()), a.path("prefixlen").asInt())));
      }
    }
    return out;
  }

  @Override
  public List<Route> routes(Netns ns) {
    List<Route> out = new ArrayList<>();
    for (String family : List.of("-4", "-6")) {
      for (JsonNode r : readJson(ns, IpCommand.Tool.IP, "routes", family, "-j", "route", "show", "table", "main")) {
        String dst = r.path("dst").asText();
        if (r.has("type") && !r.path("type").asText().equals("unicast")) {
          continue;
        }
        Cidr cidr = dst.equals("default") ? new Cidr(Ip.parse(family.equals("-4") ? "0.0.0.0" : "::"), 0) : Cidr.parse(dst);
        boolean onlink = false;
        for (JsonNode f : r.path("flags")) {
          onlink |= f.asText().equals("onlink");
        }
        Optional<java.net.InetAddress> via = r.hasNonNull("gateway") ? Optional.of(Ip.parse(r.path("gateway").asText())) : Optional.empty();
        out.add(new Route(cidr, via, r.path("dev").asText(), onlink, protocolNumber(r.path("protocol").asText("boot"))));
      }
    }
    return out;
  }

  private static int protocolNumber(String p) {
    return switch (p) {
      case "kernel" -> Route.PROTO_KERNEL;
      case "boot" -> Route.PROTO_BOOT;
      case "static" -> 4;
      case "bgp" -> Route.PROTO_BGP;
      default -> p.matches("\\d+") ? Integer.parseInt(p) : -1;
    };
  }

  @Override
  public List<Neighbor> neighbors(Netns ns, String dev) {
    List<Neighbor> out = new ArrayList<>();
    for (JsonNode n : readJson(ns, IpCommand.Tool.IP, "neighbors of " + dev, "-j", "neigh", "show", "dev", dev, "nud", "permanent")) {
      if (n.hasNonNull("lladdr")) {
        out.add(new Neighbor(Ip.parse(n.path("dst").asText()), new MacAddress(n.path("lladdr").asText()), dev));
      }
    }
    return out;
  }

  @Override
  public List<FdbEntry> fdb(Netns ns, String dev) {
    List<FdbEntry> out = new ArrayList<>();
    for (JsonNode e : readJson(ns, IpCommand.Tool.BRIDGE, "fdb of " + dev, "-j", "fdb", "show", "dev", dev)) {
      if (e.hasNonNull("dst") && e.hasNonNull("mac")) {
        out.add(new FdbEntry(new MacAddress(e.path("mac").asText()), dev, Ip.parse(e.path("dst").asText())));
      }
    }
    return out;
  }

  @Override
  public void sysctl(Netns ns, Map<String, String> values) {
    if (values.isEmpty()) {
      return;
    }
    List<String> argv = new ArrayList<>(nsenter(ns));
    argv.addAll(List.of("sysctl", "-q", "-w"));
    values.forEach((k, v) -> argv.add(k + "=" + v));
    Exec.Result r = Exec.run(argv, null);
    if (!r.ok() || !r.stderr().isBlank()) {
      throw new KernelException("set sysctl " + values, ns, r.stderr());
    }
  }

  @Override
  public String sysctl(Netns ns, String key) {
    List<String> argv = new ArrayList<>(nsenter(ns));
    argv.addAll(List.of("sysctl", "-n", key));
    Exec.Result r = Exec.run(argv, null);
    if (!r.ok()) {
      throw new KernelException("read sysctl " + key, ns, r.stderr());
    }
    return r.stdout().strip();
  }

  static List<String> nsenter(Netns ns) {
    if (ns instanceof Netns.Host) {
      return List.of();
    }
    List<String> argv = new ArrayList<>();
    argv.add("nsenter");
    argv.addAll(ns.nsenter());
    argv.add("--");
    return argv;
  }

  @Override
  public Netns.Named ensureNetns(String name) {
    Netns.Named ns = Netns.named(name);
    if (Files.exists(ns.path())) {
      return ns;
    }
    Exec.Result r = Exec.run(List.of("ip", "netns", "add", name), null);
    if (!r.ok() && !Files.exists(ns.path())) {
      throw new KernelException("add netns " + name, "host", r.stderr());
    }
    return ns;
  }

  @Override
  public void deleteNetns(String name) {
    Netns.Named ns = Netns.named(name);
    if (!Files.exists(ns.path())) {
      return;
    }
    Exec.Result r = Exec.run(List.of("ip", "netns", "del", name), null);
    if (!r.ok() && Files.exists(ns.path())) {
      throw new KernelException("delete netns " + name, "host", r.stderr());
    }
  }

  /** One scan of /proc for all of them, where {@code ip netns pids} would scan it once per namespace. */
  @Override
  public void killProcesses(List<String> names) {
    Map<Object, String> byInode = new HashMap<>();
    for (String name : names) {
      try {
        byInode.put(Files.getAttribute(Netns.named(name).path(), "unix:ino"), name);
      } catch (IOException | UnsupportedOperationException e) {
        killProcesses(name);
      }
    }
    if (byInode.isEmpty()) {
      return;
    }
    long self = ProcessHandle.current().pid();
    try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
      for (Path proc : procs.toList()) {
        String pid = proc.getFileName().toString();
        if (!pid.chars().allMatch(Character::isDigit) || Long.parseLong(pid) == self) {
          continue;
        }
        try {
          if (byInode.containsKey(Files.getAttribute(proc.resolve("ns/net"), "unix:ino"))) {
            ProcessHandle.of(Long.parseLong(pid)).ifPresent(ProcessHandle::destroyForcibly);
          }
        } catch (IOException e) {
          // gone already, or a kernel thread
        }
      }
    } catch (IOException e) {
      throw new KernelException("list /proc", "host", e.toString());
    }
  }

  /** One {@code ip -batch} for all; whatever it could not remove is retried one by one, with its error. */
  @Override
  public void deleteNetns(List<String> names) {
    List<String> present = names.stream().filter(n -> Files.exists(Netns.named(n).path())).toList();
    if (present.isEmpty()) {
      return;
    }
    StringBuilder lines = new StringBuilder();
    present.forEach(n -> lines.append("netns del ").append(n).append('\n'));
    Exec.run(List.of("ip", "-force", "-batch", "-"), lines.toString());
    present.forEach(this::deleteNetns);
  }

  @Override
  public void killProcesses(String name) {
    Exec.Result r = Exec.run(List.of("ip", "netns", "pids", name), null);
    for (String pid : r.stdout().split("\\s+")) {
      if (pid.matches("\\d+")) {
        ProcessHandle.of(Long.parseLong(pid)).ifPresent(ProcessHandle::destroyForcibly);
      }
    }
  }

  @Override
  public List<String> netnsNames() {
    Path dir = Path.of(Netns.RUN_DIR);
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    } catch (IOException e) {
      throw new KernelException("list netns", "host", e.toString());
    }
  }
}
