package dev.podnet.agent.ebpf;

import dev.podnet.agent.ebpf.LbEntries.Backend;
import dev.podnet.agent.ebpf.LbEntries.BackendKey;
import dev.podnet.agent.ebpf.LbEntries.Frontend;
import dev.podnet.agent.ebpf.LbEntries.ServiceValue;
import dev.podnet.kernel.bpf.BpfMap;
import java.nio.file.Path;

/** The two maps the agent writes (the other two belong to the programs). */
public record LbMaps(BpfMap services, BpfMap backends) implements AutoCloseable {

  /** The pinned maps of a loaded sock_lb.o, in {@code dir}. */
  public static LbMaps open(Path dir) {
    BpfMap services = BpfMap.pinned(dir.resolve(SocketLbNames.SERVICES), Frontend.SIZE, ServiceValue.SIZE);
    try {
      return new LbMaps(services, BpfMap.pinned(dir.resolve(SocketLbNames.BACKENDS), BackendKey.SIZE, Backend.SIZE));
    } catch (RuntimeException e) {
      services.close();
      throw e;
    }
  }

  /** In-memory maps of the right sizes, for tests. */
  public static LbMaps fake() {
    return new LbMaps(BpfMap.fake(SocketLbNames.SERVICES, Frontend.SIZE, ServiceValue.SIZE),
        BpfMap.fake(SocketLbNames.BACKENDS, BackendKey.SIZE, Backend.SIZE));
  }

  @Override
  public void close() {
    services.close();
    backends.close();
  }
}
