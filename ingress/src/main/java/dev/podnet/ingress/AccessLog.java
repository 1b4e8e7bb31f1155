package dev.podnet.ingress;

import dev.podnet.ingress.proxy.RequestRecord;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.atomic.LongAdder;

/**
 * The access log, off the request path: event loops only offer a record to a bounded queue (a
 * full queue drops the line and counts it, as a proxy must never wait for its log); one thread
 * formats lines in ingress-nginx's upstream format and writes them to stdout in batches. The
 * writer wakes on a timer, as nginx's {@code access_log ... flush=1s} buffer does, and never waits
 * on the queue: a waiting consumer turns every offer into a futex wake-up and a context switch.
 */
final class AccessLog implements RequestRecord.Sink, AutoCloseable {
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ROOT);
  private static final long DRAIN_EVERY_MS = 100;
  private static final int CHUNK = 48 * 1024;
  private final ArrayBlockingQueue<RequestRecord> queue = new ArrayBlockingQueue<>(64 * 1024);
  private final LongAdder dropped = new LongAdder();
  private final OutputStream out;
  private final Thread writer;

  AccessLog() {
    out = new BufferedOutputStream(System.out, 64 * 1024);
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
    List<RequestRecord> batch = new ArrayList<>(4096);
    LineBuffer text = new LineBuffer(CHUNK + 4096); // written out in chunks, so it grows only for a line longer than the slack
    boolean stopping = false;
    while (!stopping) {
      try {
        Thread.sleep(DRAIN_EVERY_MS);
      } catch (InterruptedException e) {
        stopping = true; // close(): what is queued still goes out
      }
      try {
        while (queue.drainTo(batch, 4096) > 0) {
          for (RequestRecord r : batch) {
            line(r, text);
            if (text.size() >= CHUNK) {
              text.writeTo(out);
            }
          }
          batch.clear();
        }
        text.writeTo(out);
        out.flush();
      } catch (IOException e) {
        batch.clear(); // stdout gone: nothing to log to
        text.clear();
      }
    }
  }

  /** {@code $remote_addr - - [$time_local] "$request" $status $body_bytes_sent "-" "$http_user_agent" $request_time [$proxy_upstream_name] $upstream_addr $upstream_response_time $req_id}. */
  static String line(RequestRecord r) {
    LineBuffer b = new LineBuffer(256);
    line(r, b);
    return b.toString();
  }

  /** Appends the line as bytes: one buffer for a whole batch, no string per piece and no copy of the batch to encode it. */
  static void line(RequestRecord r, LineBuffer b) {
    b.append(r.clientIp()).append(" - - [").append(Clock.now()).append("] \"").append(r.method()).append(' ').append(r.uri()).append(' ')
        .append(r.protocol()).append("\" ").append(r.status()).append(' ').append(r.bytesSent()).append(" \"-\" \"").append(r.userAgent())
        .append("\" ");
    seconds(r.durationNanos(), b);
    b.append(" [").append(r.upstream()).append("] ").append(r.endpoint()).append(' ');
    if (r.upstreamNanos() < 0) {
      b.append('-');
    } else {
      seconds(r.upstreamNanos(), b);
    }
    b.append(' ').append(r.requestId()).append('\n');
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

  /** Milliseconds as seconds with three decimals, as nginx's $request_time. */
  private static void seconds(long nanos, LineBuffer b) {
    long ms = Math.round(nanos / 1e6);
    long frac = ms % 1000;
    b.append(ms / 1000).append(frac < 10 ? ".00" : frac < 100 ? ".0" : ".").append(frac);
  }

  @Override
  public void close() {
    writer.interrupt();
  }
}
