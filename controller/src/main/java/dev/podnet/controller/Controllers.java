package dev.podnet.controller;

import dev.podnet.api.EventRecorder;
import dev.podnet.controller.lb.MetalLbNames;
import dev.podnet.store.Store;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * podnetd's control plane, built in order and closed together: node pod CIDRs, scheduler,
 * ReplicaSets, Deployments, EndpointSlices, garbage collection. They share one informer per type.
 */
public final class Controllers implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Controllers.class);

  /**
   * What the controllers need to know. {@code podDeleter}: how a pod is deleted, which is the API
   * server's job (graceful for a bound pod); {@link #defaults} uses {@link PodDeleter#graceful}.
   */
  public record Config(PodCidrs podCidrs, PodDeleter podDeleter, Function<String, EventRecorder> recorders, java.time.Duration nodeGrace) {
    public static final String CLUSTER_CIDR = "10.244.0.0/16";
    public static final int NODE_MASK_SIZE = 24;

    /** The lab's address plan: 10.244.0.0/16, one /24 per node. */
    public static Config defaults(Store store) {
      return new Config(PodCidrs.parse(CLUSTER_CIDR, NODE_MASK_SIZE), PodDeleter.graceful(store), component -> EventRecorder.NONE,
          java.time.Duration.ofSeconds(40));
    }

    public Config withPodDeleter(PodDeleter deleter) {
      return new Config(podCidrs, deleter, recorders, nodeGrace);
    }

    /** {@code recorders}: the event recorder of each controller, by its component name ({@code default-scheduler}). */
    public Config withRecorders(Function<String, EventRecorder> recorders) {
      return new Config(podCidrs, podDeleter, recorders, nodeGrace);
    }

    /** How long a node may go without renewing its lease before it is NotReady (upstream's node-monitor-grace-period, 40 s). */
    public Config withNodeGrace(java.time.Duration grace) {
      return new Config(podCidrs, podDeleter, recorders, grace);
    }
  }

  private final Informers informers;
  private final List<Controller> controllers;

  private Controllers(Informers informers, List<Controller> controllers) {
    this.informers = informers;
    this.controllers = List.copyOf(controllers);
  }

  /** Builds every controller on shared informers, then starts them all; returns at once. */
  public static Controllers start(Store store, Config config) {
    Informers informers = new Informers(store);
    List<Controller> all = new ArrayList<>();
    all.add(new NodeIpamController(store, config.podCidrs(), informers, false));
    all.add(new Scheduler(store, informers, false).recordingTo(config.recorders().apply(Scheduler.DEFAULT_SCHEDULER)));
    all.add(new ReplicaSetController(store, config.podDeleter(), informers, false).recordingTo(config.recorders().apply("replicaset-controller")));
    all.add(new DeploymentController(store, informers, false).recordingTo(config.recorders().apply("deployment-controller")));
    all.add(new EndpointSliceController(store, informers, false));
    all.add(new GarbageCollector(store, config.podDeleter(), informers, false));
    all.add(new NamespaceController(store, config.podDeleter(), informers, false));
    all.add(new ServiceAccountController(store, informers, false));
    all.add(new NodeLifecycleController(store, config.nodeGrace(), java.time.Clock.systemUTC(), informers, false));
    all.add(new LoadBalancerController(store, informers, false).recordingTo(config.recorders().apply(MetalLbNames.COMPONENT)));
    Controllers controllers = new Controllers(informers, all);
    informers.start();
    all.forEach(Controller::start);
    LOG.info("controllers started count={} podCidrs=\"{}\"", all.size(), config.podCidrs());
    return controllers;
  }

  /** Stops the controllers in reverse order of start, then the informers. */
  @Override
  public void close() {
    for (int i = controllers.size() - 1; i >= 0; i--) {
      controllers.get(i).close();
    }
    informers.close();
  }
}
