package dev.podnet.kernel;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * {@link Arp} by iputils' {@code arping -U} (unsolicited mode: sender and target are {@code ip}),
 * inside the namespace. IPv6 has no ARP; its unsolicited neighbor advertisement is the kernel's
 * own on address add, so nothing is sent for it here.
 */
final class ArpingTool implements Arp {

  @Override
  public void announce(Netns netns, String dev, InetAddress ip, int count) {
    if (ip instanceof Inet6Address) {
      return;
    }
    List<String> argv = new ArrayList<>(IpKernel.nsenter(netns));
    // -c sends count packets one second apart; -w bounds the run (arping waits out its interval after the last)
    argv.addAll(List.of("arping", "-U", "-q", "-c", Integer.toString(count), "-w", Integer.toString(Math.max(1, count - 1)), "-I", dev,
        ip.getHostAddress()));
    Exec.Result r = Exec.run(argv, null);
    // arping -U exits 1 when nobody answered, which is what unsolicited packets get
    if (!r.ok() && !r.stderr().isBlank()) {
      throw new KernelException("send gratuitous ARP for " + ip.getHostAddress() + " on " + dev, netns, r.stderr());
    }
  }
}
