package dev.podnet.kernel;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

/** {@link Conntrack} by the {@code conntrack} command (conntrack-tools), inside the namespace. */
final class ConntrackTool implements Conntrack {

  @Override
  public void deleteUdp(Netns netns, InetAddress origDst, int port) {
    delete(netns, "delete udp conntrack to " + origDst.getHostAddress() + ":" + port,
        family(origDst), "--orig-dst", origDst.getHostAddress(), "--dport", Integer.toString(port));
  }

  @Override
  public void deleteUdpByReplySource(Netns netns, InetAddress endpoint) {
    delete(netns, "delete udp conntrack replied by " + endpoint.getHostAddress(),
        family(endpoint), "--reply-src", endpoint.getHostAddress());
  }

  private static String family(InetAddress a) {
    return a instanceof Inet6Address ? "ipv6" : "ipv4";
  }

  private static void delete(Netns netns, String what, String family, String... match) {
    List<String> argv = new ArrayList<>(IpKernel.nsenter(netns));
    argv.addAll(List.of("conntrack", "-D", "-f", family, "-p", "udp"));
    argv.addAll(List.of(match));
    Exec.Result r = Exec.run(argv, null);
    // conntrack exits 1 when nothing matched; that is the usual, successful case
    if (!r.ok() && !r.stderr().contains("0 flow entries")) {
      throw new KernelException(what, netns, r.stderr());
    }
  }
}
