package dev.podnet.agent.lb;

import io.fabric8.kubernetes.api.model.HasMetadata;

/**
 * Makes LoadBalancer IPs reachable from the LAN or the routed network around the cluster. It
 * follows Services, EndpointSlices, Nodes, IPAddressPools and L2Advertisements; any feeder
 * (podnetd's informer fan-out today, the node agent's own informers later) passes each change
 * through these two calls, with objects of other kinds ignored. {@link #markSynced} says the
 * feeder has listed everything once: before that, nothing is claimed or withdrawn.
 */
public interface Announcer extends AutoCloseable {

  void onUpdated(HasMetadata object);

  void onDeleted(HasMetadata object);

  /** The first full listing has been passed: the announcer may now act. */
  void markSynced();

  void start();

  /** Stops announcing decisions; addresses stay, so a restarted announcer finds them in place. */
  @Override
  void close();
}
