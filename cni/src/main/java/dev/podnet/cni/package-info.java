/**
 * The CNI plugin: protocol types, the plugin executable, and the handler that attaches pods.
 *
 * <pre>
 *   runtime (containerd, lab)                node netns                      pod netns
 *   ─────────────────────────                ──────────                      ─────────
 *   exec podnet-cni ── unix socket ──▶ agent: CniHandler
 *     CNI_* env + stdin                    cni0 (bridge) 10.244.1.1/24
 *                                            │ master, hairpin
 *                                          veth3f2a9c01b7e ◀──── veth ────▶ eth0 10.244.1.2/24
 *                                          ip_forward=1                      default via 10.244.1.1
 *   leases: DATA_DIR/10.244.1.2 = "containerId\nifname" (host-local layout)
 * </pre>
 *
 * <p>A pod's packet leaves eth0 for the gateway, crosses the veth into the node, lands on cni0
 * and is routed by the node (to another pod on cni0, or to the routing backend's device).
 *
 * <p>Why the work happens in the agent, not the executable: a JVM starts in hundreds of
 * milliseconds, and the agent already holds the node's state; the executable only forwards.
 * Why two {@code ip -batch} runs per ADD: each tool run is a fork and exec, which dominates the
 * cost, so the node side (create pair with the far end in the pod, enslave, hairpin, up) and the
 * pod side (lo, address, route) are one batch each, and MACs are chosen rather than read back.
 * Host veth names derive from (containerId, ifname) so DEL and GC need no state beyond leases.
 */
package dev.podnet.cni;
