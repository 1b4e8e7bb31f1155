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
 * <p>Why the work happens in the agent, not the executable: the agent already holds the node's
 * state, and the executable only forwards. Why the executable is C ({@code src/main/c/podnet-cni.c},
 * built by this module's pom into {@code target/podnet-cni}): even a trained JVM took ~120 ms to
 * start, most of an ADD. {@link PluginMain} stays as the reference implementation
 * ({@code target/podnet-cni-java}); the tests hold the two to the same stdout for the same request.
 * Why two {@code ip -batch} runs per ADD: each tool run is a fork and exec, which dominates the
 * cost, so the node side (create pair with the far end in the pod, enslave, hairpin, up) and the
 * pod side (lo, address, route) are one batch each, and MACs are chosen rather than read back.
 * Host veth names derive from (containerId, ifname) so DEL and GC need no state beyond leases.
 */
package dev.podnet.cni;
