package dev.podnet.ingress.proxy;

import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.AsciiString;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The headers a backend sees and a client gets back, as ingress-nginx sets them by default: the
 * hop-by-hop headers of each leg dropped, and the request tagged with who asked and how
 * (X-Real-IP, X-Forwarded-For/-Host/-Port/-Proto/-Scheme, X-Scheme, X-Request-ID). A client's
 * own X-Forwarded-For is not trusted (use-forwarded-headers off): it moves to
 * X-Original-Forwarded-For.
 */
final class ProxyHeaders {
  static final AsciiString X_REQUEST_ID = AsciiString.cached("x-request-id");
  private static final AsciiString X_REAL_IP = AsciiString.cached("x-real-ip");
  private static final AsciiString X_FORWARDED_FOR = AsciiString.cached("x-forwarded-for");
  private static final AsciiString X_ORIGINAL_FORWARDED_FOR = AsciiString.cached("x-original-forwarded-for");
  private static final AsciiString X_FORWARDED_HOST = AsciiString.cached("x-forwarded-host");
  private static final AsciiString X_FORWARDED_PORT = AsciiString.cached("x-forwarded-port");
  private static final AsciiString X_FORWARDED_PROTO = AsciiString.cached("x-forwarded-proto");
  private static final AsciiString X_FORWARDED_SCHEME = AsciiString.cached("x-forwarded-scheme");
  private static final AsciiString X_SCHEME = AsciiString.cached("x-scheme");
  private static final AsciiString PROXY = AsciiString.cached("proxy");
  private static final AsciiString PROXY_CONNECTION = AsciiString.cached("proxy-connection");
  private static final byte[] HEX = "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
  /** Netty's HTTP/2-to-HTTP/1 conversion adds these; cached names hash once, not on every request (JFR: AsciiString hashing). */
  private static final AsciiString[] HTTP2_EXTENSIONS = {AsciiString.cached("x-http2-stream-id"), AsciiString.cached("x-http2-scheme"),
      AsciiString.cached("x-http2-path"), AsciiString.cached("x-http2-authority")};

  private ProxyHeaders() {}

  /** A request as the backend gets it: the head, then the body when it came whole with the head. */
  record Split(HttpRequest head, Optional<LastHttpContent> body) {}

  /** HTTP/2 hands small requests over whole: the head and the body go to the backend apart, the body's length declared. */
  static Split split(HttpRequest req) {
    if (!(req instanceof FullHttpRequest full)) {
      return new Split(req, Optional.empty());
    }
    HttpRequest head = new DefaultHttpRequest(full.protocolVersion(), full.method(), full.uri(), full.headers());
    LastHttpContent body = new DefaultLastHttpContent(full.content(), full.trailingHeaders());
    if (body.content().isReadable() && !HttpUtil.isContentLengthSet(head)) {
      HttpUtil.setContentLength(head, body.content().readableBytes());
    }
    return new Split(head, Optional.of(body));
  }

  /** Who asked and how: the client's address, the listener's port (as header text) and scheme. */
  record Forwarding(String clientIp, CharSequence port, String scheme) {}

  /**
   * Turns the client's request head into the backend's, in place: HTTP/1.1 to the backend (pooled
   * keep-alive), {@code uri} as the target, forwarding headers set. Returns the request id.
   */
  static String toUpstream(HttpRequest req, String uri, Forwarding f, boolean upgrade, boolean bodyOfUnknownLength) {
    HttpHeaders h = req.headers();
    String host = h.get(HttpHeaderNames.HOST, "");
    dropHopByHop(h, upgrade);
    if (bodyOfUnknownLength) {
      h.set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED); // an HTTP/2 body: HTTP/1.1 needs it framed
    }
    for (AsciiString name : HTTP2_EXTENSIONS) {
      h.remove(name);
    }
    req.setProtocolVersion(HttpVersion.HTTP_1_1);
    req.setUri(uri);
    String id = h.get(X_REQUEST_ID);
    if (id == null || id.isEmpty()) {
      id = newRequestId();
      h.set(X_REQUEST_ID, id);
    }
    String clientFor = h.get(X_FORWARDED_FOR);
    if (clientFor != null) {
      h.set(X_ORIGINAL_FORWARDED_FOR, clientFor);
    }
    h.set(X_REAL_IP, f.clientIp()).set(X_FORWARDED_FOR, f.clientIp()).set(X_FORWARDED_HOST, host).set(X_FORWARDED_PORT, f.port())
        .set(X_FORWARDED_PROTO, f.scheme()).set(X_FORWARDED_SCHEME, f.scheme()).set(X_SCHEME, f.scheme());
    if (upgrade) {
      h.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE);
    }
    return id;
  }

  /** The backend's response for the client: its connection headers are the backend leg's, not the client's. */
  static void toClient(HttpResponse res, boolean http2) {
    HttpHeaders h = res.headers();
    boolean upgrade = res.status().code() == 101;
    dropHopByHop(h, upgrade && !http2);
    if (http2) {
      h.remove(HttpHeaderNames.TRANSFER_ENCODING).remove(HttpHeaderNames.UPGRADE);
    } else if (upgrade) {
      h.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE);
    }
  }

  /** Connection, the headers it names, and the other hop-by-hop headers; Upgrade stays when the leg upgrades. */
  private static void dropHopByHop(HttpHeaders h, boolean upgrade) {
    if (h.contains(HttpHeaderNames.CONNECTION)) {
      List<String> named = null; // a list only when a value names other headers (nearly every one is just keep-alive or close)
      for (Iterator<String> it = h.valueStringIterator(HttpHeaderNames.CONNECTION); it.hasNext(); ) {
        String v = it.next();
        if (!namesOnlyItself(v)) {
          named = named == null ? new ArrayList<>(2) : named;
          named.add(v);
        }
      }
      h.remove(HttpHeaderNames.CONNECTION);
      if (named != null) {
        named.forEach(v -> dropNamed(h, v, upgrade));
      }
    }
    h.remove(HttpHeaderNames.KEEP_ALIVE).remove(PROXY_CONNECTION).remove(HttpHeaderNames.TE).remove(PROXY);
    if (!upgrade) {
      h.remove(HttpHeaderNames.UPGRADE);
    }
  }

  /** {@code keep-alive} or {@code close}, what nearly every backend sends: no other header named, nothing to split. */
  private static boolean namesOnlyItself(String connection) {
    return HttpHeaderValues.KEEP_ALIVE.contentEqualsIgnoreCase(connection) || HttpHeaderValues.CLOSE.contentEqualsIgnoreCase(connection);
  }

  /** The headers a Connection value names ({@code close}, {@code keep-alive} and framing headers name none worth dropping). */
  private static void dropNamed(HttpHeaders h, String value, boolean upgrade) {
    int start = 0;
    while (start < value.length()) {
      int comma = value.indexOf(',', start);
      int end = comma < 0 ? value.length() : comma;
      String t = value.substring(start, end).trim();
      boolean keep = t.isEmpty() || t.equalsIgnoreCase("close") || t.equalsIgnoreCase("keep-alive") || (upgrade && t.equalsIgnoreCase("upgrade"))
          || t.equalsIgnoreCase("transfer-encoding") || t.equalsIgnoreCase("content-length");
      if (!keep) {
        h.remove(t);
      }
      start = end + 1;
    }
  }

  /** 32 hex digits, as ingress-nginx's $request_id. */
  @SuppressWarnings("deprecation") // the String(byte[], hibyte, ...) constructor takes Latin-1 bytes as they are: no char[] to compress
  static String newRequestId() {
    ThreadLocalRandom r = ThreadLocalRandom.current();
    byte[] out = new byte[32];
    long a = r.nextLong();
    long b = r.nextLong();
    for (int i = 0; i < 16; i++) {
      out[i] = HEX[(int) (a >>> (i * 4)) & 0xf];
      out[16 + i] = HEX[(int) (b >>> (i * 4)) & 0xf];
    }
    return new String(out, 0, 0, out.length);
  }
}
