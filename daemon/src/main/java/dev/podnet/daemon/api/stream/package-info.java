/**
 * A pod's streams: {@code kubectl exec} over WebSocket (or SPDY/3.1 for kubectl before 1.30,
 * {@link dev.podnet.daemon.api.stream.ExecOverSpdy}: one SPDY stream per channel below, named by
 * its {@code streamtype} header), {@code kubectl logs}, and
 * {@code kubectl port-forward} over SPDY/3.1 (plain, or tunneled in WebSocket as kubectl 1.31+
 * does; each forwarded connection is a TCP connection to the pod's localhost:port, made from a
 * thread inside the pod's network namespace).
 *
 * <pre>
 *   kubectl ── GET /api/v1/namespaces/NS/pods/P/exec?command=..&amp;tty=.. ──► ExecEndpoint
 *      │         Upgrade: websocket, Sec-WebSocket-Protocol: v5.channel.k8s.io, v4...
 *      │         (pod, container, command, protocol checked: a Status here, before the upgrade)
 *      │ ◄── 101 Switching Protocols (ApiServer → ProtocolUpgrade) ──┘
 *      │
 *      ├─ [0|stdin] ─────► StdinWriter ──► pipe or pty master ─┐
 *      ├─ [4|{"Width","Height"}] ─────► ioctl(TIOCSWINSZ)        │   nsenter -t PID -n -u -m
 *      ├─ [255|0] (v5) ──► close stdin                           ├─► env -i (the container's env) CMD
 *      │ ◄── [1|stdout] [2|stderr] ◄── pump threads ◄────────────┘   (setsid --ctty on a tty)
 *      │ ◄── [3|metav1.Status]  (Success, or NonZeroExitCode with cause ExitCode=N)
 *      │ ◄── close 1000
 * </pre>
 *
 * <p>Why it looks like this: kubectl 1.30+ tries WebSocket first and falls back to SPDY only when
 * the upgrade fails, so every error is answered before the upgrade, where both paths print it
 * the same; older kubectl speaks only SPDY, which carries the same streams
 * ({@link dev.podnet.daemon.api.stream.ExecTransport}), so one {@code ExecSession} runs the
 * command for both. The command runs through
 * {@link dev.podnet.kernel.ProcessExec} because {@code kernel} is the only module that enters
 * namespaces. A client that goes away takes the command's whole process tree with it.
 *
 * <p>Logs are the files the runtime's containers write straight into (so a podnetd that dies
 * cannot SIGPIPE a container); {@link dev.podnet.daemon.api.stream.LogEndpoint} says what that
 * means for timestamps.
 */
package dev.podnet.daemon.api.stream;
