package dev.podnet.ingress;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Access-log text as bytes, one Latin-1 byte per char: header values and URIs were decoded from
 * bytes that way, so the log shows what was sent. A StringBuilder would cost two more copies of
 * every batch (toString, then getBytes) - JFR had them among the proxy's top allocations.
 */
final class LineBuffer {
  private byte[] bytes;
  private int size;

  LineBuffer(int capacity) {
    bytes = new byte[capacity];
  }

  int size() {
    return size;
  }

  @SuppressWarnings("deprecation") // the one String copy that keeps each char's low byte, as this class wants
  LineBuffer append(String s) {
    int n = s.length();
    ensure(n);
    // an array copy for the Latin-1 strings a request's text is; the char-by-char loop it replaces
    // was a third of the proxy's samples in bench/run ingress's profile round
    s.getBytes(0, n, bytes, size);
    size += n;
    return this;
  }

  LineBuffer append(byte[] text) {
    ensure(text.length);
    System.arraycopy(text, 0, bytes, size, text.length);
    size += text.length;
    return this;
  }

  LineBuffer append(char c) {
    ensure(1);
    bytes[size++] = (byte) c;
    return this;
  }

  LineBuffer append(long v) {
    if (v < 0) {
      if (v == Long.MIN_VALUE) {
        return append(Long.toString(v));
      }
      append('-');
      v = -v;
    }
    if (v <= Integer.MAX_VALUE) {
      return appendInt((int) v); // what a log line holds: int division is several times cheaper than long division
    }
    int digits = 1;
    for (long x = v; x >= 10; x /= 10) {
      digits++;
    }
    ensure(digits);
    for (int i = size + digits - 1; i >= size; i--) {
      bytes[i] = (byte) ('0' + v % 10);
      v /= 10;
    }
    size += digits;
    return this;
  }

  private LineBuffer appendInt(int v) {
    int digits = 1;
    for (int x = v; x >= 10; x /= 10) {
      digits++;
    }
    ensure(digits);
    for (int i = size + digits - 1; i >= size; i--) {
      bytes[i] = (byte) ('0' + v % 10);
      v /= 10;
    }
    size += digits;
    return this;
  }

  void writeTo(OutputStream out) throws IOException {
    out.write(bytes, 0, size);
    size = 0;
  }

  void clear() {
    size = 0;
  }

  @Override
  public String toString() {
    return new String(bytes, 0, size, StandardCharsets.ISO_8859_1);
  }

  private void ensure(int more) {
    if (size + more > bytes.length) {
      bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
    }
  }
}
