package dev.podnet.ingress;

import static org.assertj.core.api.Assertions.assertThat;

import dev.podnet.ingress.proxy.RequestRecord;
import dev.podnet.ingress.route.Site;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

@org.junit.jupiter.api.Timeout(30)
class AccessLogTest {
  private static RequestRecord request(String id) {
    return new RequestRecord(new Site("default/web", "foo.com", "/"), "10.0.0.1", "GET", "/" + id, "HTTP/1.1", 200, 3, 1_000_000,
        "default/web:80", "10.244.1.5:8080", 500_000, id, "wrk");
  }

  private static String text(ByteArrayOutputStream out) {
    synchronized (out) {
      return out.toString(StandardCharsets.ISO_8859_1);
    }
  }

  @Test
  void everyLineOfEveryThreadComesOutWholeAndOnce() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    AccessLog log = new AccessLog(out);
    int threads = 4;
    int each = 5000; // several buffers' worth per thread: full buffers and partly filled ones both go out
    List<Thread> loops = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int n = t;
      loops.add(new Thread(() -> IntStream.range(0, each).forEach(i -> log.record(request(n + "-" + i)))));
    }
    loops.forEach(Thread::start);
    for (Thread t : loops) {
      t.join();
    }
    log.close();
    List<String> lines = Arrays.asList(text(out).split("\n"));
    assertThat(lines).hasSize(threads * each).allMatch(l -> l.matches("10\\.0\\.0\\.1 - - \\[.+\\] \"GET /(\\d+-\\d+) HTTP/1\\.1\" 200 3 \"-\" "
        + "\"wrk\" 0\\.001 \\[default/web:80\\] 10\\.244\\.1\\.5:8080 0\\.001 \\1"));
    Set<String> ids = lines.stream().map(l -> l.substring(l.lastIndexOf(' ') + 1)).collect(Collectors.toSet());
    assertThat(ids).hasSize(threads * each);
    assertThat(log.dropped()).isZero();
  }

  @Test
  void aQuietThreadsLinesAreWrittenWithoutWaitingForItsBufferToFill() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    AccessLog log = new AccessLog(out);
    try {
      log.record(request("only"));
      long deadline = System.nanoTime() + 5_000_000_000L;
      while (!text(out).contains(" only\n") && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertThat(text(out)).endsWith(" only\n");
    } finally {
      log.close();
    }
  }
}
