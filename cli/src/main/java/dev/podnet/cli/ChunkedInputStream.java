package dev.podnet.cli;

import java.io.IOException;
import java.io.InputStream;

/**
 * The decoded body of a {@code Transfer-Encoding: chunked} response. Reads return as soon as a chunk
 * has data, so a watch event or a log line is seen when podnetd sends it, not when a buffer fills.
 */
final class ChunkedInputStream extends InputStream {
  private final InputStream in;
  private long left;
  private boolean done;

  ChunkedInputStream(InputStream in) {
    this.in = in;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    return read(one, 0, 1) == -1 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (done || !nextChunk()) {
      return -1;
    }
    int n = in.read(b, off, (int) Math.min(len, left));
    if (n == -1) {
      throw new IOException("connection closed inside a chunk (" + left + " bytes missing)");
    }
    left -= n;
    if (left == 0) {
      HttpResponse.line(in);
    }
    return n;
  }

  /** True with {@link #left} > 0, or false after the last (zero) chunk and its trailers. */
  private boolean nextChunk() throws IOException {
    if (left > 0) {
      return true;
    }
    String size = HttpResponse.line(in);
    if (size == null) {
      throw new IOException("connection closed before the last chunk");
    }
    int semicolon = size.indexOf(';');
    String hex = (semicolon >= 0 ? size.substring(0, semicolon) : size).trim();
    try {
      left = Long.parseLong(hex, 16);
    } catch (NumberFormatException e) {
      throw new IOException("bad chunk size line: \"" + size + "\"", e);
    }
    if (left == 0) {
      for (String trailer = HttpResponse.line(in); trailer != null && !trailer.isEmpty(); trailer = HttpResponse.line(in)) {
        // trailers carry nothing podnet uses
      }
      done = true;
      return false;
    }
    return true;
  }
}
