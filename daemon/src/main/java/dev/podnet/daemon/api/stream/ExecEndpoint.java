package dev.podnet.daemon.api.stream;

import dev.podnet.daemon.api.ApiError;
import dev.podnet.daemon.api.ApiRequest;
import dev.podnet.daemon.api.ApiResponse;
import dev.podnet.kernel.ProcessExec;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * {@code GET|POST /api/v1/namespaces/NS/pods/NAME/exec?command=..&stdin=..&tty=..}: everything that
 * can be wrong is answered as a Status before the upgrade, where kubectl prints it; then an
 * {@link ExecSession} starts the command and carries its streams, over WebSocket (kubectl 1.30+)
 * or SPDY/3.1 (older kubectl, and client-go's SPDY executor).
 */
public final class ExecEndpoint {
  private final PodContainers containers;

  public ExecEndpoint(PodContainers containers) {
    this.containers = containers;
  }

  public ApiResponse exec(ApiRequest r, String namespace, String name) {
    if (!r.method().equals("GET") && !r.method().equals("POST")) {
      throw new ApiError(405, "MethodNotAllowed", "exec takes GET or POST, not " + r.method());
    }
    Pod pod = ContainerChoice.pod(containers, namespace, name);
    String container = ContainerChoice.choose(pod, r.param("container", ""));
    List<String> command = r.params("command");
    if (command.isEmpty()) {
      throw ApiError.badRequest("you must specify at least one command for the container");
    }
    ProcessExec.Streams streams = streams(r);
    long pid = ContainerChoice.run(containers, pod, container).pid()
        .orElseThrow(() -> ApiError.badRequest("container " + container + " is not valid for pod " + name));
    ExecSession.Target target = new ExecSession.Target(namespace + "/" + name, container, pid, command);
    if (r.header("upgrade", "").toLowerCase(Locale.ROOT).startsWith("spdy/3.1")) {
      return new ApiResponse.Spdy(spdyVersion(r), new ExecSession(target, streams, new ExecOverSpdy(streams)));
    }
    ChannelProtocol protocol = protocol(r);
    return new ApiResponse.WebSocket(protocol.subprotocol(), new ExecSession(target, streams, new ExecOverWebSocket(protocol)));
  }

  /**
   * Over SPDY podnetd speaks v4 only, the first version whose error stream carries a Status with
   * the exit code; kubectl has offered it since 1.5.
   */
  static String spdyVersion(ApiRequest r) {
    String offered = r.header("x-stream-protocol-version", "");
    if (Arrays.stream(offered.split(",")).map(String::strip).noneMatch(ExecOverSpdy.STREAM_PROTOCOL::equals)) {
      throw ApiError.badRequest("exec over SPDY speaks X-Stream-Protocol-Version " + ExecOverSpdy.STREAM_PROTOCOL + ", the client offered \""
          + offered + "\"; over WebSocket it speaks " + ChannelProtocol.spoken());
    }
    return ExecOverSpdy.STREAM_PROTOCOL;
  }

  /** The streams asked for; with a tty stderr is the terminal, so it is dropped, as kubelet does. */
  static ProcessExec.Streams streams(ApiRequest r) {
    boolean tty = r.flag("tty");
    ProcessExec.Streams s = new ProcessExec.Streams(r.flag("stdin"), r.flag("stdout"), r.flag("stderr") && !tty, tty);
    if (!s.stdin() && !s.stdout() && !r.flag("stderr")) {
      throw ApiError.badRequest("you must specify at least 1 of stdin, stdout, stderr");
    }
    return s;
  }

  /** The WebSocket subprotocol, or why this request cannot be served. */
  static ChannelProtocol protocol(ApiRequest r) {
    String upgrade = r.header("upgrade", "").toLowerCase(Locale.ROOT);
    if (!upgrade.equals("websocket")) {
      throw ApiError.badRequest("Upgrade request required: exec streams over WebSocket (Upgrade: websocket, Sec-WebSocket-Protocol: "
          + ChannelProtocol.spoken() + ") or SPDY/3.1 (X-Stream-Protocol-Version: " + ExecOverSpdy.STREAM_PROTOCOL + ")");
    }
    String offered = r.header("sec-websocket-protocol", "");
    return ChannelProtocol.negotiate(offered).orElseThrow(() -> ApiError.badRequest("no WebSocket subprotocol podnetd speaks in Sec-WebSocket-Protocol \""
        + offered + "\": it speaks " + ChannelProtocol.spoken()));
  }
}
