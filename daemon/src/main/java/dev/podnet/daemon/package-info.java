/**
 * podnetd: one per lab cluster.
 *
 * <pre>
 *   podnet CLI ── HTTP on podnetd.sock (0600) ──► Router ─► ObjectEndpoints ─► Store (etcd)
 *                                                        └► PodnetEndpoints (sandbox, cluster) ─► api.stream (exec over WebSocket, logs)
 *   Store ── informers ──► Controllers (IPAM, scheduler, Deployment, ReplicaSet, EndpointSlice, GC)
 *                      ├─► PodDispatcher ─► NodeRuntime per node (lab.runtime)
 *                      └─► ServiceProxies ─► ServiceProxy per node (nftables in the node netns)
 * </pre>
 *
 * <p>{@link dev.podnet.daemon.Podnetd} builds it in order and closes it in reverse. Desired state
 * flows one way, from the API through the store to the kernel; nothing reads the kernel to decide
 * what should be.
 */
package dev.podnet.daemon;
