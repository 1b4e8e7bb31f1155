/**
 * The bgp backend: pod-to-pod across nodes by plain routes that the nodes learn from each other
 * over BGP (an iBGP full mesh, AS 64512, as Calico's node-to-node mesh), with no encapsulation.
 *
 * <pre>
 *  node-1 (172.18.0.2)                                    node-2 (172.18.0.3)
 *  speaker :179 ◄──── iBGP: 10.244.1.0/24 nh 172.18.0.3 ── speaker :179
 *      │                                                      ▲ originates its pod CIDR
 *      ▼ BgpRouting.sync (kernel, proto bgp)                  │
 *  pod 10.244.0.5 ─veth─ cni0 ─ 10.244.1.0/24 via 172.18.0.3 ─ eth0 ─► eth0 ─ cni0 ─veth─ pod 10.244.1.7
 * </pre>
 *
 * <p>Why BGP when host-gw programs the same routes from the node list: the routes then come from
 * the nodes themselves, so a node's path disappears when its speaker stops answering (hold
 * time), and the same sessions can reach routers that are not nodes (route reflectors, the edge
 * router). Graceful restart keeps forwarding across an agent restart: the kernel keeps the
 * proto-bgp routes, peers keep this node's route, and the new agent removes only what nobody
 * announced again.
 *
 * <p>Who peers with whom is Calico's model, read from the API by {@link
 * dev.podnet.agent.routing.bgp.BgpFeed}: the mesh unless {@code BGPConfiguration default} turns it
 * off, BGPPeers by node, node selector, peer IP or peer selector, reflectors marked by the
 * {@code projectcalico.org/RouteReflectorClusterID} annotation ({@code SessionPlanner}, pure).
 * {@code SpeakerSessions} makes the speaker match the plan make-before-break, so switching a
 * running cluster to reflectors never leaves a node without a route; {@code BgpStatusWriter}
 * reports the sessions in the node's BGPStatus.
 *
 * <pre>
 *  mesh:        node-1 ── node-2        reflector:      node-1 (RR, cluster 244.0.0.1)
 *                  \      /                             /     \
 *                   node-3                        node-2       node-3   (clients; routes via RR,
 *                                                                        next hop still the node)
 * </pre>
 */
package dev.podnet.agent.routing.bgp;
