package dev.podnet.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * HTTP(S) from the lab's outside namespace ({@code podnet exec --outside}, a machine on the node
 * LAN that is not a node) to one address, the way a user's client reaches an Ingress: curl by
 * host name, with {@code --resolve} so TLS sees the real server name (SNI) and verifies the
 * certificate against the CA file given.
 */
final class OutsideHttp {
  /** The outside namespace's address on the node LAN (the lab's fixed plan). */
  static final String OUTSIDE_IP = "172.18.0.254";
  private static final ObjectMapper JSON = new ObjectMapper();
  private final Podnet podnet;
  private final String ip;

  OutsideHttp(Podnet podnet, String ip) {
    this.podnet = podnet;
    this.ip = ip;
  }

  String ip() {
    return ip;
  }

  /** What curl got: status, HTTP version and body (or the headers, with {@code -D -}). */
  record Answer(int status, String version, String body) {
    /** serve-hostname's answer names the pod, whose name starts with its Deployment's. */
    boolean servedBy(String deployment) {
      return status == 200 && body.startsWith(deployment + "-");
    }

    /** The recording backend's JSON: what reached it. */
    JsonNode json() {
      try {
        return JSON.readTree(body);
      } catch (IOException e) {
        throw new AssertionError("not the echo backend's JSON (status " + status + "): " + body, e);
      }
    }
  }

  Answer curl(String... args) {
    List<String> argv = new ArrayList<>(List.of("exec", "--outside", "--", "curl", "-s", "-m", "5", "-w", "\n%{http_code} %{http_version}"));
    argv.addAll(List.of(args));
    Podnet.Result r = podnet.run(argv.toArray(String[]::new));
    String out = r.out();
    int nl = out.lastIndexOf('\n');
    String[] tail = out.substring(nl + 1).trim().split(" ");
    if (tail[0].isEmpty()) {
      throw new AssertionError("curl " + String.join(" ", args) + " printed no status: " + r.err());
    }
    return new Answer(Integer.parseInt(tail[0]), tail.length > 1 ? tail[1] : "", nl < 0 ? "" : out.substring(0, nl));
  }

  Answer http(String host, String path, String... more) {
    List<String> a = new ArrayList<>(List.of("-H", "Host: " + host));
    a.addAll(List.of(more));
    a.add("http://" + ip + path);
    return curl(a.toArray(String[]::new));
  }

  /** HTTPS to {@code host} at the address, the certificate verified against {@code caFile}. */
  Answer https(String host, String path, Path caFile, String... more) {
    List<String> a = new ArrayList<>(List.of("--cacert", caFile.toString(), "--resolve", host + ":443:" + ip));
    a.addAll(List.of(more));
    a.add("https://" + host + path);
    return curl(a.toArray(String[]::new));
  }

  /** A command in the outside namespace; its standard output. */
  String run(String... command) {
    return podnet.run(Podnet.concat("exec", new String[] {"--outside", "--"}, command)).out();
  }

  /** A shell script in the outside namespace (loops that must not pay a {@code podnet exec} per request). */
  String sh(String script) {
    return run("sh", "-c", script);
  }

  /** {@code n} requests to {@code host}, one line each: the body (serve-hostname: the pod) or nothing when one failed. */
  String loop(String host, int n, String... curlArgs) {
    return sh("for i in $(seq " + n + "); do curl -s -m 5 " + String.join(" ", curlArgs) + " -H 'Host: " + host + "' http://" + ip
        + "/; echo; done");
  }
}
