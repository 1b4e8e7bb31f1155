package dev.podnet.bench.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.podnet.bench.Report;
import dev.podnet.kernel.Exec;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The Kubernetes API at lab scale, as a client with the admin kubeconfig sees it (HTTPS, client
 * certificate, keep-alive): CREATE, GET, LIST and PATCH of 1,000 pods and watch delivery to 10
 * watchers, p50/p99, against upstream's API SLOs (the floor) and the goals. The pods name
 * a scheduler nobody runs, so they are API objects only: what is measured is the API, not how fast
 * the lab starts processes.
 */
public final class ApiBench {
  private static final Path CHECKOUT = Path.of("").toAbsolutePath();
  private static final String NS = "bench";
  private static final int PODS = 1000;
  private static final int WATCHERS = 10;
  private static final int WATCHED_WRITES = 300;

  private final ApiClient api;
  private final Report report = new Report("api", "Kubernetes API at lab scale (1,000 pods; HTTPS with the admin client certificate)",
      "operation", "requests", "p50_ms", "p99_ms", "goal_p99_ms", "upstream_slo_p99_ms");

  private ApiBench(ApiClient api) {
    this.api = api;
  }

  public static void main(String[] args) throws Exception {
    if (args.length == 2 && args[0].equals("--server")) { // an already running API (a relay), for development
      new ApiBench(ApiClient.plain(URI.create(args[1]))).run();
      return;
    }
    Path base = Files.createTempDirectory("podnet-bench-api-");
    try {
      podnet(base, Duration.ofMinutes(5), "up", "--nodes", "3");
      String kubeconfig = podnet(base, Duration.ofMinutes(1), "kubeconfig");
      new ApiBench(ApiClient.fromKubeconfig(kubeconfig)).run();
    } finally {
      Exec.run(argv(base, "down"), null, Duration.ofMinutes(5));
      Exec.run(List.of("rm", "-rf", base.toString()), null);
    }
  }

  private static List<String> argv(Path base, String... args) {
    List<String> a = new ArrayList<>(List.of("env", "PODNET_STATE_DIR=" + base, "KUBECONFIG=" + base.resolve("kubeconfig"), "PODNET_SKIP_BUILD=1", CHECKOUT.resolve("bin/podnet").toString(), "--name=bapi"));
    a.addAll(List.of(args));
    return a;
  }

  private static String podnet(Path base, Duration timeout, String... args) {
    Exec.Result r = Exec.run(argv(base, args), null, timeout);
    if (!r.ok()) {
      throw new IllegalStateException("podnet " + String.join(" ", args) + " failed: " + r.stderr() + r.stdout());
    }
    return r.stdout();
  }

  private void run() throws Exception {
    api.send("POST", "/api/v1/namespaces", "application/json", "{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\"" + NS + "\"}}");
    List<Double> creates = timed(PODS, i -> api.send("POST", "/api/v1/namespaces/" + NS + "/pods", "application/json", pod(i)));
    row("CREATE pod", creates, 10, 1000);
    List<Double> gets = timed(2000, i -> api.send("GET", "/api/v1/namespaces/" + NS + "/pods/p" + ThreadLocalRandom.current().nextInt(PODS), null, null));
    row("GET one pod", gets, 10, 1000);
    List<Double> lists = timed(50, i -> {
      String body = api.send("GET", "/api/v1/pods", null, null);
      if (ApiClient.JSON.readTree(body).path("items").size() < PODS) {
        throw new IllegalStateException("LIST returned fewer than " + PODS + " pods");
      }
    });
    row("LIST all pods (" + PODS + ")", lists, 100, 30_000);
    List<Double> patches = timed(PODS, i -> api.send("PATCH", "/api/v1/namespaces/" + NS + "/pods/p" + i, "application/merge-patch+json",
        "{\"metadata\":{\"labels\":{\"patched\":\"" + i + "\"}}}"));
    row("PATCH pod (merge patch)", patches, 10, 1000);
    row("watch delivery, " + WATCHERS + " watchers", watchDelivery(), 50, 0);
    report.note("pods", PODS + " Pod objects in namespace " + NS + " (schedulerName podnet-bench-none: stored, not run), 3 lab nodes");
    report.note("anchor", "upstream SLOs: p99 of single-object calls <= 1 s, of cluster-wide LISTs <= 30 s; goals p99 <= 10 ms single, <= 100 ms LIST, watch <= 50 ms");
    report.note("client", "JDK HttpClient, HTTP/1.1 keep-alive, sequential requests");
    report.note("machine", Runtime.getRuntime().availableProcessors() + " cores, shared");
    report.printAndWrite(CHECKOUT.resolve("bench/results"));
  }

  private void row(String op, List<Double> ms, double goal, double slo) {
    report.row(op, ms.size(), Report.quantile(ms, 0.5), Report.quantile(ms, 0.99), goal, slo == 0 ? "-" : slo);
  }

  private static String pod(int i) {
    return "{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"p" + i + "\",\"labels\":{\"app\":\"bench\"}},"
        + "\"spec\":{\"schedulerName\":\"podnet-bench-none\",\"containers\":[{\"name\":\"c\",\"image\":\"podnet/pause\"}]}}";
  }

  interface Call {
    void call(int i) throws Exception;
  }

  private static List<Double> timed(int n, Call c) throws Exception {
    List<Double> ms = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      long t0 = System.nanoTime();
      c.call(i);
      ms.add((System.nanoTime() - t0) / 1e6);
    }
    return ms;
  }

  /** From just before a PATCH is sent to when each watcher reads its event. */
  private List<Double> watchDelivery() throws Exception {
    String rv = ApiClient.JSON.readTree(api.send("GET", "/api/v1/namespaces/" + NS + "/pods?limit=1", null, null)).path("metadata").path("resourceVersion").asText();
    long[] sentAt = new long[WATCHED_WRITES];
    List<Double> latencies = Collections.synchronizedList(new ArrayList<>());
    CountDownLatch started = new CountDownLatch(WATCHERS);
    CountDownLatch done = new CountDownLatch(WATCHERS);
    AtomicLong errors = new AtomicLong();
    ConcurrentHashMap<Integer, Boolean> seen = new ConcurrentHashMap<>();
    for (int w = 0; w < WATCHERS; w++) {
      Thread t = new Thread(() -> {
        int got = 0;
        try (var lines = api.watch("/api/v1/namespaces/" + NS + "/pods?watch=1&labelSelector=app%3Dwatched&resourceVersion=" + rv)) {
          started.countDown();
          var it = lines.iterator();
          while (got < WATCHED_WRITES && it.hasNext()) {
            JsonNode e = ApiClient.JSON.readTree(it.next());
            int seq = e.path("object").path("metadata").path("labels").path("seq").asInt(-1);
            if (seq >= 0 && sentAt[seq] != 0) {
              latencies.add((System.nanoTime() - sentAt[seq]) / 1e6);
              seen.put(seq, true);
              got++;
            }
          }
        } catch (Exception e) {
          errors.incrementAndGet();
        } finally {
          done.countDown();
        }
      }, "watcher-" + w);
      t.setDaemon(true);
      t.start();
    }
    started.await();
    Thread.sleep(500); // the watches are registered on the server
    for (int i = 0; i < WATCHED_WRITES; i++) {
      sentAt[i] = System.nanoTime();
      api.send("PATCH", "/api/v1/namespaces/" + NS + "/pods/p" + (i % PODS), "application/merge-patch+json",
          "{\"metadata\":{\"labels\":{\"app\":\"watched\",\"seq\":\"" + i + "\"}}}");
      Thread.sleep(10);
    }
    done.await(60, java.util.concurrent.TimeUnit.SECONDS);
    if (errors.get() > 0 || latencies.size() < WATCHERS * WATCHED_WRITES) {
      System.err.printf("watch: %d watcher errors, %d of %d deliveries seen%n", errors.get(), latencies.size(), WATCHERS * WATCHED_WRITES);
    }
    return new ArrayList<>(latencies);
  }
}
