package dev.podnet.kernel;

/**
 * A kernel request that failed: what was asked, in which namespace, and what the tool said.
 * e.g. {@code add route 10.244.2.0/24 via 10.244.2.0 dev podnet.1 in netns pn-node-1: Network is unreachable}.
 */
public class KernelException extends RuntimeException {
  private final String request;
  private final String netns;
  private final String reason;

  public KernelException(String request, Netns netns, String reason) {
    this(request, String.valueOf(netns), reason);
  }

  public KernelException(String request, String netns, String reason) {
    super(request + " in netns " + netns + ": " + reason.strip());
    this.request = request;
    this.netns = netns;
    this.reason = reason.strip();
  }

  public String request() {
    return request;
  }

  public String netns() {
    return netns;
  }

  public String reason() {
    return reason;
  }

  /** True when the tool said the object is not there (useful to make deletes idempotent). */
  public boolean isAbsent() {
    return IpCommand.isAbsentError(reason);
  }
}
