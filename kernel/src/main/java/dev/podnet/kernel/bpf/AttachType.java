package dev.podnet.kernel.bpf;

/** The cgroup hooks podnet attaches to: bpftool's word for each and the kernel's name in listings. */
public enum AttachType {
  CONNECT4("connect4", "cgroup_inet4_connect"),
  SENDMSG4("sendmsg4", "cgroup_udp4_sendmsg"),
  RECVMSG4("recvmsg4", "cgroup_udp4_recvmsg"),
  GETPEERNAME4("getpeername4", "cgroup_inet4_getpeername"),
  CONNECT6("connect6", "cgroup_inet6_connect"),
  SENDMSG6("sendmsg6", "cgroup_udp6_sendmsg"),
  RECVMSG6("recvmsg6", "cgroup_udp6_recvmsg"),
  GETPEERNAME6("getpeername6", "cgroup_inet6_getpeername");

  /** What {@code bpftool cgroup attach CGROUP WORD ...} takes. */
  public final String word;
  /** What {@code bpftool -j cgroup show} prints as {@code attach_type}. */
  public final String listed;

  AttachType(String word, String listed) {
    this.word = word;
    this.listed = listed;
  }
}
