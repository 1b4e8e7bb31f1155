/**
 * The lab: a whole cluster network on one host, in namespaces podnet creates.
 *
 * <pre>
 *   root netns (never changed)
 *   ├── pn-X-lan        lan0 bridge ── lan-node-N ports          (the "physical" switch)
 *   ├── pn-X-node-N     eth0 172.18.0.N+1/16, cni0 10.244.N-1.1/24, podnet.1 (vxlan)
 *   │                   UTS hostname node-N; its NodeAgent programs routes and pods
 *   ├── pn-X-NS.POD     eth0 10.244.N-1.x/24 default via .1;   UTS hostname POD
 *   ├── pn-X-outside    eth0 172.18.0.254/16                     (a LAN client, not a node)
 *   ├── pn-X-edge       eth0 172.18.0.253/16, inet0 198.51.100.1  (BIRD: the edge router)
 *   └── pn-X-outside-routed  eth0 198.51.100.2 default via .1    (a client behind the router)
 * </pre>
 *
 * <p>Why namespaces and not containers or VMs: they are what Kubernetes nodes use for pods
 * anyway, they cost milliseconds, and every packet still crosses real veths, bridges, VXLAN
 * devices and routing tables. Everything is named with the cluster's prefix, so a crashed run is
 * cleaned up by name ({@link dev.podnet.lab.Lab#cleanup}).
 */
package dev.podnet.lab;
