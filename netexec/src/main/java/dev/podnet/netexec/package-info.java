/**
 * agnhost for podnet pods: the Kubernetes e2e test image's netexec, connect, serve-hostname and
 * pause, answering on the wire as upstream does, so e2e-style probes run unchanged.
 *
 * <pre>
 *  client pod                                  server pod (netns pn-…)
 *  agnhost connect 10.96.0.10:80 ──SYN──▶ kube-proxy DNAT ──▶ 10.244.1.5:8080
 *       REFUSED / TIMEOUT / OK                  │  one JVM, one event-loop thread
 *                                               ├─ HTTP :8080  Endpoints (/hostname, /dial, …)
 *  curl 10.244.1.5:8080/dial?host=B&port=8081   │     └─ /dial, /shell on a worker ──▶ pod B
 *       &protocol=udp&request=hostname          └─ UDP  :8081  UdpCommands (hostname, echo, clientip)
 * </pre>
 *
 * <p>Why a JVM behaves like a Go binary here: the tests that use agnhost match bytes (bodies,
 * JSON key order, the REFUSED/TIMEOUT prefixes, exit codes), so upstream's quirks are kept and
 * named where they live. Why so small: every pod runs one, so Netty gets one thread and an
 * unpooled allocator, there is no logging framework or JSON library, and the launcher maps a
 * class-data archive to start in a fraction of a second.
 */
package dev.podnet.netexec;
