package dev.podnet.bench.ui;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.podnet.bench.Report;
import dev.podnet.cli.Cluster;
import dev.podnet.cli.HttpApi;
import dev.podnet.kernel.Exec;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How live the map is, on a 3-node lab: {@code podnet ui} runs as a user starts it, a client reads
 * its Server-Sent Events stream (what the page reads), and each trial creates one pod through the
 * API. Measured: from the create call's return (the pod is stored) to the first topology event that
 * holds the pod, and to the first that holds its IP (scheduled, sandbox up, status written).
 */
public final class UiBench {
  private static final Path CHECKOUT = Path.of("").toAbsolutePath();
  private static final String CLUSTER = "pnu9";
  private static final Pattern URL = Pattern.compile("(http://127\\.0\\.0\\.1:\\d+/)");
  private static final ObjectMapper JSON = new ObjectMapper();

  public static void main(String[] args) throws Exception {
    int trials = args.length > 0 ? Integer.parseInt(args[0]) : 20;
    Path base = Files.createTempDirectory("podnet-bench-ui-");
    Report r = new Report("ui", "podnet ui: API change -> the map's event stream (3-node lab)", "measure", "trials", "p50_ms", "p90_ms", "max_ms");
    Process ui = null;
    try {
      run(base, "up", "--nodes", "3");
      ui = new ProcessBuilder(argv(base, "ui", "--port", "0")).redirectError(ProcessBuilder.Redirect.INHERIT).start();
      BufferedReader out = new BufferedReader(new InputStreamReader(ui.getInputStream(), StandardCharsets.UTF_8));
      Matcher m = URL.matcher(String.valueOf(out.readLine()));
      if (!m.find()) {
        throw new IllegalStateException("podnet ui printed no URL");
      }
      measure(r, new HttpApi(Cluster.named(CLUSTER, Map.of(Cluster.STATE_DIR_ENV, base.toString()))), URI.create(m.group(1)), trials);
    } finally {
      if (ui != null) {
        ui.destroy();
      }
      run(base, "down");
      Exec.run(List.of("rm", "-rf", base.toString()), null);
    }
    double load = Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
    r.note("machine", Runtime.getRuntime().availableProcessors() + " cores, load average " + load + " at the end (shared machine)");
    r.note("stream", "GET /api/events of podnet ui, read by the JDK's HttpClient as the page's EventSource reads it");
    r.note("goal", "issue 15: a new pod appears within a second of the change");
    r.printAndWrite(CHECKOUT.resolve("bench/results"));
  }

  private static void measure(Report r, HttpApi api, URI ui, int trials) throws Exception {
    BlockingQueue<String> events = new LinkedBlockingQueue<>();
    HttpClient.newHttpClient().sendAsync(HttpRequest.newBuilder(ui.resolve("/api/events")).build(), HttpResponse.BodyHandlers.ofLines())
        .thenAccept(resp -> resp.body().filter(l -> l.startsWith("data: ")).forEach(l -> events.add(l.substring(6))));
    List<Double> shown = new ArrayList<>();
    List<Double> withIp = new ArrayList<>();
    for (int i = 0; i < trials; i++) {
      String name = "bench-" + i;
      events.clear();
      api.post("/api/v1/namespaces/default/pods", JSON.readTree("{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"" + name
          + "\"},\"spec\":{\"nodeName\":\"node-" + (1 + i % 3) + "\",\"containers\":[{\"name\":\"c\",\"image\":\"podnet/pause\"}]}}"));
      long stored = System.nanoTime();
      shown.add(until(events, stored, name, false));
      withIp.add(until(events, stored, name, true));
      System.err.printf("  %s: on the stream %.0f ms, with its IP %.0f ms after the create returned%n", name, shown.get(i), withIp.get(i));
    }
    r.row("create returned -> pod on the map's stream", trials, Report.quantile(shown, 0.5), Report.quantile(shown, 0.9), max(shown));
    r.row("create returned -> pod with its IP on the stream", trials, Report.quantile(withIp, 0.5), Report.quantile(withIp, 0.9), max(withIp));
  }

  private static double until(BlockingQueue<String> events, long since, String pod, boolean withIp) throws Exception {
    long end = since + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < end) {
      String data = events.poll(100, TimeUnit.MILLISECONDS);
      if (data == null) {
        continue;
      }
      for (var p : JSON.readTree(data).path("pods")) {
        if (p.path("name").asText().equals(pod) && (!withIp || !p.path("ip").asText().isEmpty())) {
          return (System.nanoTime() - since) / 1e6;
        }
      }
    }
    throw new IllegalStateException("pod " + pod + (withIp ? " with an IP" : "") + " never reached the map's stream within 60 s");
  }

  private static double max(List<Double> v) {
    return v.stream().mapToDouble(Double::doubleValue).max().orElse(0);
  }

  private static void run(Path base, String... args) {
    Exec.Result r = Exec.run(argv(base, args), null, Duration.ofMinutes(10));
    if (!r.ok()) {
      throw new IllegalStateException("podnet " + String.join(" ", args) + " failed: " + r.stderr() + r.stdout());
    }
  }

  private static List<String> argv(Path base, String... args) {
    List<String> a = new ArrayList<>(List.of("env", "PODNET_STATE_DIR=" + base, "KUBECONFIG=" + base.resolve("kubeconfig"), "PODNET_SKIP_BUILD=1",
        CHECKOUT.resolve("bin/podnet").toString(), "--name=" + CLUSTER));
    a.addAll(List.of(args));
    return a;
  }
}
