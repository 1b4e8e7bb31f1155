package dev.podnet.daemon;

import dev.podnet.agent.lb.Announcer;
import dev.podnet.agent.lb.ArpAnnouncer;
import dev.podnet.agent.lb.LbNames;
import dev.podnet.api.EventRecorder;
import dev.podnet.api.ResourceType;
import dev.podnet.api.Resources;
import dev.podnet.kernel.Arp;
import dev.podnet.kernel.IpKernel;
import dev.podnet.lab.LabNode;
import dev.podnet.store.Informer;
import dev.podnet.store.Store;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;

/**
 * MetalLB's speaker on every lab node: one {@link ArpAnnouncer} per node, in that node's
 * namespace, fed by one informer per kind it follows. When each node's agent runs as its own
 * process, its NodeAgent feeds its own announcer instead and this fan-out goes.
 */
final class L2Announcers implements AutoCloseable {
  private static final List<ResourceType> FOLLOWED = List.of(Resources.NODES, Resources.IPADDRESSPOOLS, Resources.L2ADVERTISEMENTS,
      Resources.SERVICES, Resources.ENDPOINTSLICES);

  private final List<Announcer> announcers = new ArrayList<>();
  private final List<Informer<HasMetadata>> informers = new ArrayList<>();

  /** {@code recorders}: the Event recorder of a component on a node ({@code metallb-speaker}, {@code node-1}). */
  L2Announcers(Store store, List<LabNode> nodes, BiFunction<String, String, EventRecorder> recorders) {
    IpKernel kernel = new IpKernel();
    for (LabNode n : nodes) {
      announcers.add(new ArpAnnouncer(n.name(), new ArpAnnouncer.Wiring(kernel, Arp.tool(), n.netns(), n.info().lanAddress(),
          recorders.apply(LbNames.COMPONENT, n.name()))));
    }
    for (ResourceType t : FOLLOWED) {
      Informer<HasMetadata> i = new Informer<>(store, t, "");
      i.addHandler(o -> announcers.forEach(a -> a.onUpdated(o)), (old, o) -> announcers.forEach(a -> a.onUpdated(o)),
          o -> announcers.forEach(a -> a.onDeleted(o)));
      informers.add(i);
    }
  }

  /** Starts the announcers and informers; nothing is claimed before every kind has listed once. */
  void start() {
    announcers.forEach(Announcer::start);
    informers.forEach(Informer::start);
    informers.forEach(i -> i.awaitSynced(Duration.ofSeconds(30)));
    announcers.forEach(Announcer::markSynced);
  }

  /** Stops deciding; addresses stay in the nodes, and a restarted podnetd re-elects from them. */
  @Override
  public void close() {
    informers.forEach(Informer::close);
    announcers.forEach(Announcer::close);
  }
}
