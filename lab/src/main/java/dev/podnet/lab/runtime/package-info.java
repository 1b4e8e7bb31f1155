/**
 * What kubelet and a container runtime do on one lab node.
 *
 * <pre>
 *   pod bound to node-2 (store) ─► NodeRuntime.sync ─► PodWorker
 *      sandbox: netns + UTS (hostname) ── CNI ADD (NodeAgent) ── /etc/hosts, resolv.conf
 *      per container:  nsenter --net --uts ─► unshare --mount ─► shim.sh ─► argv
 *                       (pod's namespaces)    (own mount ns:       (forwards SIGTERM,
 *                                              bind hosts/resolv)   records the exit code)
 *      probes: NetnsExecutor thread in the node's namespace dials the pod IP
 *      status ─► PodStatusSink (podnetd writes it to the store)
 * </pre>
 *
 * <p>Containers are plain processes with their output in files, never pipes, so a podnetd killed
 * with SIGKILL leaves them running unharmed; a restarted runtime finds each one by its recorded
 * pid and start time and adopts it instead of starting another. There is no image store: built-in
 * images (pause, agnhost) map to commands, any other image runs its command from the host.
 */
package dev.podnet.lab.runtime;
