package dev.podnet.ingress;

import dev.podnet.ingress.proxy.RequestRecord;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.LongAdder;

/**
 * The access log, as nginx writes its own ({@code access_log ... buffer=32k flush=1s}): each
 * event loop formats its lines in ingress-nginx's upstream format straight into a buffer of its
 * own, and a full buffer goes, as bytes, to one writer thread that only writes them to stdout.
 * No object per request crosses threads and no lock is shared by the loops (a record queue did
 * both: its lock was taken by both loops and the writer on every request, and the writer woke
 * every 100 ms to format thousands of lines in one burst, taking a core from an event loop).
 * Every 100 ms the writer also takes what a quiet loop has begun, so a line is out within a
 * moment of its request. A proxy must never wait for its log: when the writer is that far behind
 * (all spare buffers queued), a full buffer's lines are dropped and counted.
 */
final class AccessLog implements RequestRecord.Sink, AutoCloseable {
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ROOT);
  private static final long DRAIN_EVERY_MS = 100;
  static final int CHUNK = 32 * 1024;
  /** Full buffers waiting for the writer: 4 MiB, over half a second of lines at 35k requests/s. */
  private static final int QUEUED_CHUNKS = 128;
  private final ArrayBlockingQueue<Chunk> full = new ArrayBlockingQueue<>(QUEUED_CHUNKS);
  private final ArrayBlockingQueue<LineBuffer> spare = new ArrayBlockingQueue<>(QUEUED_CHUNKS);
  private final List<Slot> slots = new CopyOnWriteArrayList<>();
  private final ThreadLocal<Slot> slot = ThreadLocal.withInitial(this::newSlot);
  private final LongAdder dropped = new LongAdder();
  private final OutputStream out;
  private final Thread writer;
  private volatile boolean stopping;

  AccessLog() {
    this(new BufferedOutputStream(System.out, 64 * 1024));
  }

  AccessLog(OutputStream out) {
    this.out = out;
    writer = new Thread(this::drain, "access-log");
    writer.setDaemon(true);
    writer.start();
  }

  /** A full buffer on its way to the writer, with its line count should it have to be dropped. */
  private record Chunk(LineBuffer text, int lines) {}

  /**
   * One thread's buffer. Only its thread appends; the writer takes a partly filled one under the
   * same lock, so the lock is uncontended but for the moment of a take.
   */
  private final class Slot {
    private LineBuffer text = newBuffer();
    private int lines;

    synchronized void append(RequestRecord r) {
      line(r, text);
      lines++;
      if (text.size() >= CHUNK) {
        handOver(new Chunk(text, lines));
        text = newBuffer();
        lines = 0;
      }
    }

    synchronized Chunk take() {
      if (lines == 0) {
        return null;
      }
      Chunk c = new Chunk(text, lines);
      text = newBuffer();
      lines = 0;
      return c;
    }
  }

  private Slot newSlot() {
    Slot s = new Slot();
    slots.add(s);
    return s;
  }

  private LineBuffer newBuffer() {
    LineBuffer b = spare.poll();
    return b != null ? b : new LineBuffer(CHUNK + 4096); // the slack holds the line that crosses CHUNK
  }

  private void handOver(Chunk c) {
    if (!full.offer(c)) {
      dropped.add(c.lines());
      c.text().clear();
      spare.offer(c.text());
    }
  }

  @Override
  public void record(RequestRecord r) {
    slot.get().append(r);
  }

  /** Lines dropped because the writer could not keep up. */
  long dropped() {
    return dropped.sum();
  }

  private void drain() {
    boolean last = false;
    while (!last) {
      last = stopping;
      try {
        Thread.sleep(DRAIN_EVERY_MS);
      } catch (InterruptedException e) {
        last = true; // close(): what was logged still goes out
      }
      try {
        for (Chunk c; (c = full.poll()) != null;) {
          write(c);
        }
        for (Slot s : slots) {
          Chunk c = s.take();
          if (c != null) {
            write(c);
          }
        }
        out.flush();
      } catch (IOException e) {
        full.clear(); // stdout gone: nothing to log to
      }
    }
  }

  private void write(Chunk c) throws IOException {
    try {
      c.text().writeTo(out);
    } finally {
      c.text().clear();
      spare.offer(c.text());
    }
  }

  /** {@code $remote_addr - - [$time_local] "$request" $status $body_bytes_sent "-" "$http_user_agent" $request_time [$proxy_upstream_name] $upstream_addr $upstream_response_time $req_id}. */
  static String line(RequestRecord r) {
    LineBuffer b = new LineBuffer(256);
    line(r, b);
    return b.toString();
  }

  /** Appends the line as bytes: no string per piece, and no copy of a batch to encode it. */
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

  /**
   * $time_local, formatted once per second: formatting a date per line would cost more than the
   * rest of the line. The second and its text change together (one volatile object), as every
   * event loop reads them.
   */
  private static final class Clock {
    private record Second(long epochSecond, byte[] text) {}

    private static volatile Second current = new Second(-1, new byte[0]);

    static byte[] now() {
      long s = System.currentTimeMillis() / 1000;
      Second c = current;
      if (c.epochSecond() != s) {
        c = new Second(s, TIME.format(ZonedDateTime.now(ZoneOffset.UTC)).getBytes(StandardCharsets.ISO_8859_1));
        current = c;
      }
      return c.text();
    }
  }

  /** Milliseconds as seconds with three decimals, as nginx's $request_time. */
  private static void seconds(long nanos, LineBuffer b) {
    long ms = (nanos + 500_000) / 1_000_000;
    long frac = ms % 1000;
    b.append(ms / 1000).append(frac < 10 ? ".00" : frac < 100 ? ".0" : ".").append(frac);
  }

  /** Stops the writer after it has written every line recorded so far. */
  @Override
  public void close() {
    stopping = true;
    writer.interrupt();
    try {
      writer.join(2000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
