/**
 * {@code podnet trace}: one real probe through the lab, and each hop the kernel reports for it.
 *
 * <pre>
 *  FROM netns            node netns (each)                      target pod netns
 *  ┌──────────────┐      ┌──────────────────────────────────┐   ┌──────────────┐
 *  │ probe socket │ ───▶ │ podnet-trace-P  prerouting  -350 │──▶│ ... input 350│
 *  │ output  -350 │ veth │   (meta nftrace set 1)           │   └──────────────┘
 *  │ (nftrace on  │      │ conntrack -200, podnet DNAT -100  │
 *  │  port P)     │      │ podnet-trace-P forward/post  350 │   every chain the packet meets
 *  └──────────────┘      └──────────────────────────────────┘   is reported to `nft monitor`
 * </pre>
 *
 * Why this way: the kernel already knows how to report a packet's path through nftables
 * ({@code meta nftrace}), so the trace marks only the probe's packets, in a table of its own
 * that is deleted whole afterwards, and reads the kernel's own words; the route, bridge, VXLAN
 * and conntrack hops come from the kernel's tables at the moment of the trace. Nothing is
 * derived from what the API says should be, except names (Service and pod) for the hops.
 */
package dev.podnet.trace;
