/**
 * BPF for podnet's datapaths: objects loaded and pinned in bpffs, programs attached to podnet's
 * own cgroups, maps written through the bpf() syscall.
 *
 * <pre>
 *  bpffs (/sys/fs/bpf)                          cgroup v2 (/sys/fs/cgroup/unified)
 *    podnet-OWNER/NODE/podnet_connect4  ──attach multi──►  podnet-OWNER/NODE  ◄── a lab node's pod processes
 *    podnet-OWNER/NODE/maps/podnet_svc  ◄── BpfMap (bpf(): update, batch update, lookup, dump)
 * </pre>
 *
 * <p>Why: programs and maps are pinned so that they (and every socket translation they make) do
 * not depend on the agent process being alive; attachments live on the cgroup, not in any
 * process, so detaching is an explicit step of cleanup. Loading and attaching is rare and goes
 * through bpftool; map writes are frequent and go straight to the syscall (µs, not ms).
 */
package dev.podnet.kernel.bpf;
