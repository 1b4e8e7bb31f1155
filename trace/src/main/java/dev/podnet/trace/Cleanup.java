package dev.podnet.trace;

import dev.podnet.kernel.KernelException;
import dev.podnet.kernel.Netns;
import dev.podnet.kernel.Nft;
import dev.podnet.kernel.NftMonitor;
import java.util.ArrayList;
import java.util.List;

/**
 * What a trace put in the kernel, to take out again: its table in each namespace and its monitor
 * processes. Runs from the trace's finally and from the shutdown hook, whichever comes first; a
 * second run finds nothing left to do.
 */
final class Cleanup implements Runnable {
  private final Nft nft;
  private final String family;
  private final String table;
  private final List<Netns> installed = new ArrayList<>();
  private final List<NftMonitor> monitors = new ArrayList<>();

  Cleanup(Nft nft, String family, String table) {
    this.nft = nft;
    this.family = family;
    this.table = table;
  }

  /** Recorded before the table is written: a write cut short by Ctrl-C still gets its delete. */
  synchronized void installed(Netns ns) {
    installed.add(ns);
  }

  synchronized NftMonitor monitor(NftMonitor m) {
    monitors.add(m);
    return m;
  }

  @Override
  public synchronized void run() {
    for (Netns ns : installed) {
      try {
        nft.deleteTable(ns, family, table);
      } catch (KernelException e) {
        System.err.println("podnet trace: could not remove table " + family + " " + table + " in " + ns + ": " + e.getMessage()
            + " (remove it with: ip netns exec " + ns + " nft delete table " + family + " " + table + ")");
      }
    }
    installed.clear();
    monitors.forEach(NftMonitor::close);
    monitors.clear();
  }
}
