package dev.podnet.agent.proxy;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;

/**
 * What a node's service datapath consumes, whatever programs the kernel: the nftables proxy
 * ({@link ServiceProxy}) and the eBPF socket LB ({@code agent.ebpf.SocketLb}) take the same
 * informer events, so the agent feeds either (or both) the same way. Event methods only record
 * and trigger; nothing is written before both lists are marked synced.
 */
public interface ServiceDatapath extends AutoCloseable {

  /** Starts the sync thread. */
  ServiceDatapath start();

  void onServiceAdded(Service svc);

  void onServiceUpdated(Service svc);

  void onServiceDeleted(Service svc);

  void onSliceAdded(EndpointSlice slice);

  void onSliceUpdated(EndpointSlice slice);

  void onSliceDeleted(EndpointSlice slice);

  void markServicesSynced();

  void markSlicesSynced();

  @Override
  void close();
}
