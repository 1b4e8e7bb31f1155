package dev.podnet.agent.ebpf;

import dev.podnet.kernel.bpf.AttachType;
import java.util.Map;

/** Names the kernel shows for the socket LB ({@code bpftool prog}, {@code bpftool cgroup tree}, bpffs). */
public final class SocketLbNames {
  private SocketLbNames() {}

  /** The object in the agent's jar, compiled from src/main/c/sock_lb.c. */
  public static final String OBJECT_RESOURCE = "sock_lb.o";

  /** Frontend → backend set ({@code struct svc_key → struct svc_value}). */
  public static final String SERVICES = "podnet_svc";
  /** (set, slot) → endpoint. */
  public static final String BACKENDS = "podnet_be";
  /** (client netns, set) → last endpoint: ClientIP affinity, an LRU the programs write. */
  public static final String AFFINITY = "podnet_aff";
  /** (socket, endpoint) → frontend, for recvmsg/getpeername; an LRU the programs write. */
  public static final String REVERSE = "podnet_rev";

  /**
   * Each hook and its program, as sock_lb.c names the functions (and bpftool pins them). The *6
   * ones serve dual-stack sockets dialing IPv4 Services (::ffff:10.96.0.10, Java's default).
   */
  public static final Map<AttachType, String> PROGRAMS = Map.of(
      AttachType.CONNECT4, "podnet_connect4",
      AttachType.SENDMSG4, "podnet_sendmsg4",
      AttachType.RECVMSG4, "podnet_recvmsg4",
      AttachType.GETPEERNAME4, "podnet_getpeername4",
      AttachType.CONNECT6, "podnet_connect6",
      AttachType.SENDMSG6, "podnet_sendmsg6",
      AttachType.RECVMSG6, "podnet_recvmsg6",
      AttachType.GETPEERNAME6, "podnet_getpeername6");

  /** Every program name starts with this: what cleanup detaches even when the pins are gone. */
  public static final String PROGRAM_PREFIX = "podnet_";
}
