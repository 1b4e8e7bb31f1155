package dev.podnet.dns;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The server's settings, from flags (the Deployment's args), CoreDNS's Corefile defaults otherwise:
 * {@code --domain cluster.local --ttl 30 --listen :53 --upstream resolv.conf --ready-port 8181
 * --health-port 8080 --metrics-port 9153 --lameduck-seconds 5}, and {@code --autopath} to walk pods' search paths here. {@code --upstream} is repeatable: {@code IP[:PORT]},
 * {@code resolv.conf} (the nameservers of /etc/resolv.conf, as {@code forward . /etc/resolv.conf})
 * or {@code none}.
 */
record DnsConfig(String domain, long ttl, InetSocketAddress listen, List<InetSocketAddress> upstreams,
                 ProbeServer.Ports probes, Duration forwardTimeout, Duration lameDuck, boolean autopath) {
  static final Path RESOLV_CONF = Path.of("/etc/resolv.conf");

  static DnsConfig parse(String[] args) throws IOException {
    String domain = "cluster.local";
    long ttl = 30;
    InetSocketAddress listen = new InetSocketAddress(53);
    List<String> upstreams = new ArrayList<>();
    int health = 8080, ready = 8181, metrics = 9153;
    Duration lameDuck = Duration.ofSeconds(5);
    boolean autopath = false;
    for (int i = 0; i < args.length; i++) {
      String flag = args[i];
      if (flag.equals("--autopath")) {
        autopath = true;
        continue;
      }
      String value = i + 1 < args.length ? args[++i] : usage("flag " + flag + " needs a value");
      switch (flag) {
        case "--domain" -> domain = value.replaceAll("\\.$", "");
        case "--ttl" -> ttl = Long.parseLong(value);
        case "--listen" -> listen = hostPort(value, 53);
        case "--upstream" -> upstreams.add(value);
        case "--health-port" -> health = Integer.parseInt(value);
        case "--ready-port" -> ready = Integer.parseInt(value);
        case "--metrics-port" -> metrics = Integer.parseInt(value);
        case "--lameduck-seconds" -> lameDuck = Duration.ofSeconds(Long.parseLong(value));
        default -> usage("unknown flag " + flag);
      }
    }
    if (upstreams.isEmpty()) {
      upstreams.add("resolv.conf");
    }
    return new DnsConfig(domain, ttl, listen, resolveUpstreams(upstreams), new ProbeServer.Ports(health, ready, metrics),
        Duration.ofMillis(400), lameDuck, autopath);
  }

  private static List<InetSocketAddress> resolveUpstreams(List<String> specs) throws IOException {
    List<InetSocketAddress> out = new ArrayList<>();
    for (String s : specs) {
      if (s.equals("none")) {
        continue;
      }
      if (s.equals("resolv.conf")) {
        out.addAll(nameservers(Files.exists(RESOLV_CONF) ? Files.readString(RESOLV_CONF) : ""));
      } else {
        out.add(hostPort(s, 53));
      }
    }
    return out;
  }

  /** The {@code nameserver} lines of a resolv.conf (at most three are used, as by glibc). */
  static List<InetSocketAddress> nameservers(String resolvConf) {
    List<InetSocketAddress> out = new ArrayList<>();
    for (String line : resolvConf.split("\n")) {
      String[] f = line.trim().split("\\s+");
      if (f.length >= 2 && f[0].equals("nameserver") && out.size() < 3) {
        IpLiteral.parse(f[1]).ifPresent(a -> out.add(new InetSocketAddress(a, 53)));
      }
    }
    return out;
  }

  /** {@code 10.0.0.1}, {@code 10.0.0.1:5353}, {@code [fd00::1]:53}, {@code :53}. */
  static InetSocketAddress hostPort(String text, int defaultPort) {
    String host = text;
    int port = defaultPort;
    int colon = text.lastIndexOf(':');
    boolean bareV6 = text.indexOf(':') != colon && !text.startsWith("[");
    if (colon >= 0 && !bareV6) {
      host = text.substring(0, colon);
      port = Integer.parseInt(text.substring(colon + 1));
    }
    host = host.replace("[", "").replace("]", "");
    if (host.isEmpty()) {
      return new InetSocketAddress(port);
    }
    InetAddress a = IpLiteral.parse(host).orElseThrow(() -> new IllegalArgumentException(
        "address \"" + text + "\" is not an IP literal: podnet-dns takes IP[:PORT] (it does not resolve names itself)"));
    return new InetSocketAddress(a, port);
  }

  private static String usage(String why) {
    throw new IllegalArgumentException(why + "; usage: podnet-dns [--domain cluster.local] [--ttl 30] [--listen :53]"
        + " [--upstream IP[:PORT]|resolv.conf|none]... [--health-port 8080] [--ready-port 8181] [--metrics-port 9153] [--lameduck-seconds 5] [--autopath]");
  }
}
