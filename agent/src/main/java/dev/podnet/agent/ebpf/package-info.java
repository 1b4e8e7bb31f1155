/**
 * The eBPF service datapath: Cilium-style socket load balancing for a node's pods, beside the
 * nftables proxy (which keeps NodePorts and traffic from outside the node).
 *
 * <pre>
 *  pod process (in cgroup podnet-CLUSTER/NODE) calls connect(10.96.0.20:80)
 *    cgroup/connect4 (sock_lb.c):  podnet_svc[10.96.0.20, 80, tcp] → {set 7, count 2, affinity 0}
 *                                  podnet_be[7, random % 2]        → 10.244.2.7:8080
 *                                  podnet_rev[socket, 10.244.2.7:8080] ← 10.96.0.20:80
 *    the socket is now connected to 10.244.2.7:8080: every packet goes pod → cni0 → pod (or the
 *    routing backend to another node) with no DNAT and no conntrack NAT entry
 *  getpeername() / recvmsg()   cgroup/getpeername4, recvmsg4: podnet_rev turns 10.244.2.7:8080 back into 10.96.0.20:80
 *  count 0 (no usable endpoint)  connect()/sendmsg() fail with ECONNREFUSED (the socket-level REJECT)
 * </pre>
 *
 * <p>Why: a ClusterIP then costs what a pod IP costs, translated once per connection (TCP,
 * connected UDP) or per datagram (unconnected UDP, so a client with a fixed source port moves on
 * when its endpoint goes), instead of per packet through nat hooks and conntrack.
 * {@link dev.podnet.agent.ebpf.SocketLb} writes the two maps from the proxy's own
 * {@code ChangeTracker} and {@code ServiceModel}, each Service rendered into map entries as its
 * events arrive ({@code Renders}) so a full sync is one batch per map; frontends a socket cannot
 * serve as kube-proxy would (firewalled LoadBalancer IPs, internalTrafficPolicy Local with
 * endpoints only elsewhere) are left to nftables; {@link dev.podnet.agent.ebpf.SocketLbHooks} owns
 * where the programs live (pins, cgroup) and removes them.
 */
package dev.podnet.agent.ebpf;
