/**
 * The vxlan backend: pod-to-pod across nodes through a unicast VXLAN overlay.
 *
 * <pre>
 *  node-1 (172.18.0.2)                                    node-2 (172.18.0.3)
 *  pod 10.244.0.5 ─veth─ cni0 ─ route 10.244.1.0/24        podnet.1 10.244.1.0/32 ─ cni0 ─veth─ pod 10.244.1.7
 *                               via 10.244.1.0 onlink            ▲
 *                               dev podnet.1                     │ decapsulated
 *                         neigh 10.244.1.0 → 0e:70:ac:12:00:03    │
 *                         fdb 0e:70:ac:12:00:03 dst 172.18.0.3 ───┘ UDP 8472 over eth0 / the node LAN
 *  table inet podnet-routing: udp dport 8472 notrack (output)     (prerouting) udp dport 8472 notrack
 * </pre>
 *
 * <p>No multicast and no learning: every entry is static and computed from the peer's
 * {@link dev.podnet.agent.routing.NodeInfo} (the VTEP MAC is derived from the LAN address), so a
 * restart or a lost packet never leaves a node guessing. Pods get the underlay MTU minus 50 so a
 * full-size pod packet still fits once encapsulated. The outer UDP packets skip conntrack (a
 * raw-priority notrack on both nodes): their flows are never answered on the same 5-tuple, so
 * tracked they stayed "new" for ever and every one walked the Service proxy's new-connection
 * chains; the pod packets inside are tracked as before once decapsulated.
 */
package dev.podnet.agent.routing.vxlan;
