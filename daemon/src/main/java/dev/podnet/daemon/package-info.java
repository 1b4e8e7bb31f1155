/**
 * podnetd: one per lab cluster.
 *
 * <pre>
 *   podnet CLI ── HTTP on podnetd.sock (0600) ──► Router ─► ObjectEndpoints ─► Store (etcd)
 *                                                        └► PodnetEndpoints (sandbox, cluster) ─► api.stream (exec over WebSocket, logs)
 *   Store ── informers ──► Controllers (IPAM, scheduler, Deployment, ReplicaSet, EndpointSlice, GC, node lifecycle)
 *   LabNodes ─► Lab.machine (node namespaces, LAN cable) + NodeProcesses (one `podnet agent` per node, supervised)
 *
 *   podnet agent (daemon.node.NodeProcess, in the node's namespaces) ── HTTPS 172.18.0.1:6443 (client.ApiStore) ──►
 *       NodeAgent (routing, ServiceProxy, CNI server) + NodeRuntime (lab.runtime) + NodeHeartbeat (Lease, Ready)
 * </pre>
 *
 * <p>{@link dev.podnet.daemon.Podnetd} builds it in order and closes it in reverse. Desired state
 * flows one way, from the API through the store to the kernel; nothing reads the kernel to decide
 * what should be.
 */
package dev.podnet.daemon;
