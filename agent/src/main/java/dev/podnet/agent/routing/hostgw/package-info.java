/**
 * The host-gw backend: pod-to-pod across nodes by plain routing on the node LAN.
 *
 * <pre>
 *  node-1 (172.18.0.2)                               node-2 (172.18.0.3)
 *  pod 10.244.0.5 ─veth─ cni0 ─ route 10.244.1.0/24   eth0 ─ cni0 ─veth─ pod 10.244.1.7
 *                               via 172.18.0.3 ─────► (forwarding on)
 *                               dev eth0
 * </pre>
 *
 * <p>No encapsulation, so pods keep the full underlay MTU; the price is that every node must sit
 * on one L2 segment, since the next hop is the peer itself.
 */
package dev.podnet.agent.routing.hostgw;
