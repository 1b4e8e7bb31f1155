/**
 * The agent's end of the CNI socket.
 *
 * <pre>
 *   podnet-cni (one process per CNI call) ──▶ /run/podnet/cni.sock (0600) ──▶ CniServer ──▶ CniHandler
 *        request JSON, half-close                                     reply JSON {exitCode, stdout}
 * </pre>
 *
 * <p>The socket is the only door: root-only by file mode, one request per connection, so a
 * plugin that dies mid-call leaves nothing half-read in the server.
 */
package dev.podnet.agent.cni;
