/**
 * Puts podnet's CNI plugin where a real host's runtime looks for it, as flannel's install-cni does.
 *
 * <pre>
 *   kubelet ─▶ containerd/CRI-O ──reads──▶ /etc/cni/net.d/10-podnet.conflist   {"plugins":[{"type":"podnet-cni","socket":…}]}
 *                         │
 *                         └──execs─────▶ /opt/cni/bin/podnet-cni ──▶ /run/podnet/cni.sock ──▶ podnet agent (CniServer)
 * </pre>
 *
 * <p>Runtimes watch the config directory and take the first file in lexical order, so a half-written
 * file would be read as a broken network: both files are written beside their target and renamed
 * over it, and only when their content differs, so a restarted agent changes nothing that is
 * already right (and does not make containerd reload). The agent installs the config only once its
 * CNI socket listens: until the file exists kubelet reports the node's network as not ready and
 * schedules no pod that would call a plugin nobody answers.
 */
package dev.podnet.agent.install;
