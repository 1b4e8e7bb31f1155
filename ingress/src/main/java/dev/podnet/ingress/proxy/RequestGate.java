package dev.podnet.ingress.proxy;

import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;

/**
 * What a request must be before it may reach a backend: decoded cleanly, with exactly one valid
 * Host (HTTP/1.1 requires it), a body framed one way only (Content-Length and Transfer-Encoding
 * together are how requests are smuggled past proxies, RFC 9112 §6.1), chunked as the final
 * coding when Transfer-Encoding is given, and an origin-form or absolute-form target. Anything
 * else is refused with 400 and the connection closed, as nginx does.
 */
final class RequestGate {
  /** Marks a request whose body was framed by both Content-Length and Transfer-Encoding (see {@link StrictRequestDecoder}). */
  static final String CONFLICTING_FRAMING = "Content-Length and Transfer-Encoding together";

  private RequestGate() {}

  /** Where an admitted request goes: its host (lower case, no port) and path (no query). */
  sealed interface Verdict {}

  record Admit(String host, String path) implements Verdict {}

  record Refuse(String reason) implements Verdict {}

  static Verdict check(HttpRequest req) {
    DecoderResult result = req.decoderResult();
    if (result.isFailure()) {
      Throwable cause = result.cause();
      return new Refuse(cause == null ? "malformed request" : String.valueOf(cause.getMessage()));
    }
    HttpHeaders h = req.headers();
    if (h.contains(HttpHeaderNames.TRANSFER_ENCODING)) {
      List<String> te = h.getAll(HttpHeaderNames.TRANSFER_ENCODING);
      if (h.contains(HttpHeaderNames.CONTENT_LENGTH)) {
        return new Refuse(CONFLICTING_FRAMING);
      }
      String last = String.join(",", te).toLowerCase(Locale.ROOT);
      int comma = last.lastIndexOf(',');
      if (!last.substring(comma + 1).trim().equals("chunked") || req.protocolVersion().equals(HttpVersion.HTTP_1_0)) {
        return new Refuse("Transfer-Encoding must end in chunked");
      }
    }
    Target target = Target.parse(req.uri());
    if (target == null) {
      return new Refuse("bad request target");
    }
    Iterator<String> hosts = h.valueStringIterator(HttpHeaderNames.HOST); // not getAll: a list for the one Host of nearly every request
    String first = hosts.hasNext() ? hosts.next() : null;
    if (hosts.hasNext()) {
      return new Refuse("more than one Host");
    }
    String host = target.host() != null ? target.host() : first;
    if (host == null) {
      return req.protocolVersion().equals(HttpVersion.HTTP_1_0) ? new Admit("", target.path()) : new Refuse("missing Host");
    }
    String name = HostHeader.name(host);
    return name == null ? new Refuse("bad Host") : new Admit(name, target.path());
  }

  /** The request target taken apart: origin-form {@code /p?q}, absolute-form {@code http://h/p}, or {@code *}. */
  record Target(String host, String path) {
    static Target parse(String uri) {
      if (uri.isEmpty()) {
        return null;
      }
      if (uri.charAt(0) == '/') {
        int q = uri.indexOf('?');
        return new Target(null, q < 0 ? uri : uri.substring(0, q));
      }
      if (uri.equals("*")) {
        return new Target(null, "*");
      }
      String lower = uri.toLowerCase(Locale.ROOT);
      int start = lower.startsWith("http://") ? 7 : lower.startsWith("https://") ? 8 : -1;
      if (start < 0) {
        return null;
      }
      String rest = uri.substring(start);
      int cut = 0;
      while (cut < rest.length() && "/?#".indexOf(rest.charAt(cut)) < 0) {
        cut++;
      }
      if (cut == rest.length() || rest.charAt(cut) != '/') {
        return new Target(rest.substring(0, cut), "/");
      }
      int q = rest.indexOf('?', cut);
      return new Target(rest.substring(0, cut), rest.substring(cut, q < 0 ? rest.length() : q));
    }
  }
}
