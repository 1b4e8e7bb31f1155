package dev.podnet.ingress;

import dev.podnet.ingress.proxy.RequestRecord;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * The access log, off the request path: event loops only offer a record to a bounded queue (a
 * full queue drops the line and counts it, as a proxy must never wait for its log); one thread
 * formats lines in ingress-nginx's upstream format and writes them to stdout in batches.
 */
final class AccessLog implements RequestRecord.Sink, AutoCloseable {
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ROOT);
  private final ArrayBlockingQueue<RequestRecord> queue = new ArrayBlockingQueue<>(64 * 1024);
  private final LongAdder dropped = new LongAdder();
  private final Writer out;
  private final Thread writer;
  private volatile boolean running = true;

  AccessLog() {
    out = new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), 64 * 1024);
    writer = new Thread(this::drain, "access-log");
    writer.setDaemon(true);
    writer.start();
  }

  @Override
  public void record(RequestRecord r) {
    if (!queue.offer(r)) {
      dropped.increment();
    }
  }

  long dropped() {
    return dropped.sum();
  }

  private void drain() {
    List<RequestRecord> batch = new ArrayList<>(1024);
    while (running) {
      try {
        RequestRecord first = queue.poll(200, TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        batch.add(first);
        queue.drainTo(batch, 1023);
        for (RequestRecord r : batch) {
          out.write(line(r));
        }
        out.flush();
        batch.clear();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (IOException e) {
        batch.clear(); // stdout gone: nothing to log to
      }
    }
  }

  /** {@code $remote_addr - - [$time_local] "$request" $status $body_bytes_sent "-" "$http_user_agent" $request_time [$proxy_upstream_name] $upstream_addr $upstream_response_time $req_id}. */
  static String line(RequestRecord r) {
    return r.clientIp() + " - - [" + Clock.now() + "] \"" + r.method() + " " + r.uri() + " " + r.protocol()
        + "\" " + r.status() + " " + r.bytesSent() + " \"-\" \"" + r.userAgent() + "\" " + seconds(r.durationNanos()) + " [" + r.upstream()
        + "] " + r.endpoint() + " " + (r.upstreamNanos() < 0 ? "-" : seconds(r.upstreamNanos())) + " " + r.requestId() + "\n";
  }

  /** $time_local, formatted once per second: formatting a date per line would cost more than the rest of the line. */
  private static final class Clock {
    private static long second = -1;
    private static String text = "";

    static String now() {
      long s = System.currentTimeMillis() / 1000;
      if (s != second) {
        second = s;
        text = TIME.format(ZonedDateTime.now(ZoneOffset.UTC));
      }
      return text;
    }
  }

  private static String seconds(long nanos) {
    long ms = Math.round(nanos / 1e6);
    long frac = ms % 1000;
    return ms / 1000 + (frac < 10 ? ".00" : frac < 100 ? ".0" : ".") + frac;
  }

  @Override
  public void close() {
    running = false;
    writer.interrupt();
  }
}
