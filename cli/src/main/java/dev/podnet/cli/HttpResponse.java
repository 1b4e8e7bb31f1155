package dev.podnet.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The head of an HTTP/1.1 response and its body as a stream that ends where the body ends: at
 * Content-Length, at the last chunk, or (neither given) when the server closes the connection.
 */
record HttpResponse(int status, Map<String, String> headers, InputStream body) {

  static HttpResponse read(InputStream in) throws IOException {
    String statusLine = line(in);
    if (statusLine == null || !statusLine.startsWith("HTTP/1.")) {
      throw new IOException("not an HTTP/1.x response: " + (statusLine == null ? "connection closed before a status line" : statusLine));
    }
    String[] parts = statusLine.split(" ", 3);
    int status = Integer.parseInt(parts[1]);
    Map<String, String> headers = new HashMap<>();
    for (String h = line(in); h != null && !h.isEmpty(); h = line(in)) {
      int colon = h.indexOf(':');
      if (colon > 0) {
        headers.put(h.substring(0, colon).trim().toLowerCase(Locale.ROOT), h.substring(colon + 1).trim());
      }
    }
    return new HttpResponse(status, headers, body(in, headers));
  }

  private static InputStream body(InputStream in, Map<String, String> headers) {
    if (headers.getOrDefault("transfer-encoding", "").toLowerCase(Locale.ROOT).contains("chunked")) {
      return new ChunkedInputStream(in);
    }
    String length = headers.get("content-length");
    return length == null ? in : new BoundedInputStream(in, Long.parseLong(length));
  }

  String text() throws IOException {
    return new String(body.readAllBytes(), StandardCharsets.UTF_8);
  }

  boolean isJson() {
    return headers.getOrDefault("content-type", "").contains("json");
  }

  /** One CRLF- (or LF-) terminated line without its terminator; null at end of stream before any byte. */
  static String line(InputStream in) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream(64);
    int c;
    while ((c = in.read()) != -1 && c != '\n') {
      b.write(c);
    }
    if (c == -1 && b.size() == 0) {
      return null;
    }
    String s = b.toString(StandardCharsets.UTF_8);
    return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
  }

  /** Exactly {@code remaining} bytes of the underlying stream. */
  private static final class BoundedInputStream extends InputStream {
    private final InputStream in;
    private long remaining;

    BoundedInputStream(InputStream in, long length) {
      this.in = in;
      this.remaining = length;
    }

    @Override
    public int read() throws IOException {
      if (remaining <= 0) {
        return -1;
      }
      int c = in.read();
      remaining = c == -1 ? 0 : remaining - 1;
      return c;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (remaining <= 0) {
        return -1;
      }
      int n = in.read(b, off, (int) Math.min(len, remaining));
      remaining = n == -1 ? 0 : remaining - n;
      return n;
    }
  }
}
