package dev.podnet.lab.runtime;

import dev.podnet.kernel.Exec;
import dev.podnet.kernel.NetnsExecutor;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.HTTPHeader;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Probe;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs one probe attempt as kubelet does: httpGet and tcpSocket dial the pod IP from the node's
 * namespace (through the node's {@link NetnsExecutor}), exec runs the command inside the
 * container's namespaces. 2xx/3xx and exit 0 are success.
 */
public final class Prober {
  private final NetnsExecutor node;

  public Prober(NetnsExecutor node) {
    this.node = node;
  }

  public record Result(boolean success, String message) {}

  public Result probe(Probe p, Container c, String podIp, long containerPid) {
    int timeoutMs = (int) Duration.ofSeconds(p.getTimeoutSeconds() == null ? 1 : p.getTimeoutSeconds()).toMillis();
    try {
      if (p.getHttpGet() != null) {
        String host = p.getHttpGet().getHost() == null || p.getHttpGet().getHost().isEmpty() ? podIp : p.getHttpGet().getHost();
        int port = port(p.getHttpGet().getPort(), c);
        String path = p.getHttpGet().getPath() == null || p.getHttpGet().getPath().isEmpty() ? "/" : p.getHttpGet().getPath();
        return node.call(() -> httpGet(host, port, path, p.getHttpGet().getHttpHeaders(), timeoutMs));
      }
      if (p.getTcpSocket() != null) {
        String host = p.getTcpSocket().getHost() == null || p.getTcpSocket().getHost().isEmpty() ? podIp : p.getTcpSocket().getHost();
        int port = port(p.getTcpSocket().getPort(), c);
        return node.call(() -> tcp(host, port, timeoutMs));
      }
      if (p.getExec() != null) {
        return exec(p.getExec().getCommand(), containerPid, Duration.ofMillis(timeoutMs));
      }
      return new Result(false, "probe has no handler");
    } catch (RuntimeException e) {
      return new Result(false, e.getMessage());
    }
  }

  /** A number, or the name of one of the container's ports. */
  static int port(IntOrString port, Container c) {
    if (port.getIntVal() != null) {
      return port.getIntVal();
    }
    for (ContainerPort cp : c.getPorts()) {
      if (port.getStrVal().equals(cp.getName())) {
        return cp.getContainerPort();
      }
    }
    throw new IllegalArgumentException("probe port \"" + port.getStrVal() + "\" is not a port name of container " + c.getName());
  }

  private static Result tcp(String host, int port, int timeoutMs) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(host, port), timeoutMs);
      return new Result(true, "");
    } catch (IOException e) {
      return new Result(false, "dial tcp " + host + ":" + port + ": " + e.getMessage());
    }
  }

  private static Result httpGet(String host, int port, String path, List<HTTPHeader> headers, int timeoutMs) {
    String url = "http://" + host + ":" + port + path;
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(host, port), timeoutMs);
      s.setSoTimeout(timeoutMs);
      StringBuilder req = new StringBuilder("GET " + path + " HTTP/1.1\r\nHost: " + host + ":" + port + "\r\n");
      req.append("User-Agent: kube-probe/podnet\r\nAccept: */*\r\nConnection: close\r\n");
      for (HTTPHeader h : headers) {
        req.append(h.getName()).append(": ").append(h.getValue()).append("\r\n");
      }
      OutputStream out = s.getOutputStream();
      out.write(req.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII));
      out.flush();
      String status = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.ISO_8859_1)).readLine();
      String[] parts = status == null ? new String[0] : status.split(" ");
      int code = parts.length > 1 ? Integer.parseInt(parts[1]) : -1;
      boolean ok = code >= 200 && code < 400;
      return new Result(ok, ok ? "" : "HTTP probe failed with statuscode: " + code);
    } catch (IOException | NumberFormatException e) {
      return new Result(false, "Get \"" + url + "\": " + e.getMessage());
    }
  }

  private static Result exec(List<String> command, long pid, Duration timeout) {
    List<String> argv = new ArrayList<>(List.of("nsenter", "-t", Long.toString(pid), "-n", "-u", "-m", "--"));
    argv.addAll(command);
    Exec.Result r = Exec.run(argv, null, timeout.plusSeconds(1));
    return new Result(r.ok(), r.ok() ? "" : "command " + command + " exited with " + r.exitCode() + ": " + (r.stdout() + r.stderr()).strip());
  }
}
