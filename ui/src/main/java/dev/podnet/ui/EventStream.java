package dev.podnet.ui;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One page's Server-Sent Events stream: the current topology at once, then every new snapshot.
 * A page that falls behind gets only the newest (snapshots are whole, older ones are useless), and a
 * comment every {@link #KEEPALIVE_S} s finds a closed tab, whose write fails and ends the stream.
 */
final class EventStream {
  static final long KEEPALIVE_S = 15;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpExchange exchange;
  private final TopologyFeed feed;
  private final BlockingQueue<Topology> pending = new LinkedBlockingQueue<>();

  EventStream(HttpExchange exchange, TopologyFeed feed) {
    this.exchange = exchange;
    this.feed = feed;
  }

  void run() throws IOException {
    exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
    exchange.getResponseHeaders().set("Cache-Control", "no-store");
    exchange.sendResponseHeaders(200, 0);
    try (OutputStream out = exchange.getResponseBody(); AutoCloseable subscription = feed.subscribe(pending::add)) {
      write(out, event(feed.current()));
      while (true) {
        Topology next = pending.poll(KEEPALIVE_S, TimeUnit.SECONDS);
        if (next == null) {
          write(out, ": keepalive\n\n");
          continue;
        }
        Topology newest = next;
        for (Topology t = pending.poll(); t != null; t = pending.poll()) {
          newest = t;
        }
        write(out, event(newest));
      }
    } catch (IOException e) {
      // the page went away
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      throw new IOException("event stream: " + e.getMessage(), e);
    }
  }

  private static String event(Topology t) throws JsonProcessingException {
    return "event: topology\ndata: " + JSON.writeValueAsString(t) + "\n\n";
  }

  private static void write(OutputStream out, String text) throws IOException {
    out.write(text.getBytes(StandardCharsets.UTF_8));
    out.flush();
  }
}
