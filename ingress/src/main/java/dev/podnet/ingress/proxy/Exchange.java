package dev.podnet.ingress.proxy;

import dev.podnet.ingress.route.Route;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One request proxied to one endpoint: connect (or take a kept-alive connection), send the head
 * and stream the body as it arrives, relay the response as it arrives, then hand the connection
 * back to the pool. A connect that fails moves to the next endpoint; once the request was sent,
 * nothing is retried. Both sides run on the client's event loop.
 */
final class Exchange {
  private final FrontHandler front;
  private final ProxyContext ctx;
  private final HttpRequest request;
  private final Route.Proxy route;
  private final Facts facts;
  /** Body pieces that came before the upstream connection; made only then (a GET's head and empty end go together). */
  private List<HttpContent> pending;
  private final int rotation;
  private int attempt;
  private Channel upstream;
  private InetSocketAddress endpoint;
  private UpstreamPool.Key key;
  private boolean requestComplete;
  private boolean responseStarted;
  private boolean interim;
  private boolean upstreamKeepAlive;
  private boolean upgrading;
  private boolean upgraded;
  private boolean finished;
  private int status;
  private long bytesSent;
  private long upstreamNanos = -1;

  /** What the front learned about the request before its headers were rewritten. */
  record Facts(String method, String uri, String protocol, String clientIp, String requestId, String userAgent, boolean head,
      boolean upgrade, boolean clientKeepAlive, boolean http10, long startNanos, Optional<InetSocketAddress> pinned) {}

  Exchange(FrontHandler front, ProxyContext ctx, HttpRequest request, Route.Proxy route, Facts facts) {
    this.front = front;
    this.ctx = ctx;
    this.request = request;
    this.route = route;
    this.facts = facts;
    this.rotation = route.upstream().start();
  }

  void start() {
    endpoint = attempt == 0 && facts.pinned().isPresent() ? facts.pinned().get() : route.upstream().pick(rotation, attempt);
    key = new UpstreamPool.Key(endpoint, route.options().backendTls());
    ctx.pools().of(front.channel().eventLoop()).acquire(key, this::connected);
  }

  private void connected(Channel ch, Throwable cause) {
    if (finished) {
      if (ch != null) {
        ch.close();
      }
      return;
    }
    if (ch == null) {
      if (attempt + 1 < Math.min(ProxyConfig.CONNECT_ATTEMPTS, route.upstream().endpoints().size())) {
        attempt++;
        start();
        return;
      }
      fail(HttpResponseStatus.BAD_GATEWAY, "connect " + route.upstream().name() + " endpoint " + endpoint + ": " + cause.getMessage());
      return;
    }
    upstream = ch;
    ch.pipeline().get(BackendHandler.class).attach(this);
    ch.write(request);
    if (pending != null) {
      pending.forEach(ch::write);
      pending.clear();
    }
    ch.flush();
    front.resumeBody(!requestComplete && ch.isWritable());
  }

  /** A piece of the request body (or, after an upgrade, raw bytes). */
  void fromClient(Object msg) {
    if (finished) {
      ReferenceCountUtil.release(msg);
      return;
    }
    if (msg instanceof LastHttpContent) {
      requestComplete = true;
    }
    if (upstream == null) {
      if (pending == null) {
        pending = new ArrayList<>(2);
      }
      pending.add((HttpContent) msg);
      front.pauseBody();
      return;
    }
    upstream.write(msg);
    if (!upstream.isWritable()) {
      front.pauseBody();
    }
  }

  void flushToUpstream() {
    if (upstream != null && !finished) {
      upstream.flush();
    }
  }

  boolean requestComplete() {
    return requestComplete;
  }

  boolean upgraded() {
    return upgraded;
  }

  void fromUpstream(Object msg) {
    if (finished) {
      ReferenceCountUtil.release(msg);
      return;
    }
    if (upgraded || msg instanceof ByteBuf) {
      bytesSent += msg instanceof ByteBuf b ? b.readableBytes() : 0;
      front.write(msg);
      return;
    }
    if (msg instanceof HttpResponse r) {
      responseHead(r);
    }
    if (msg instanceof HttpContent c) {
      responseContent(c);
    }
    if (!front.channel().isWritable() && upstream != null) {
      upstream.config().setAutoRead(false);
    }
  }

  private void responseHead(HttpResponse r) {
    if (r.decoderResult().isFailure()) {
      fail(HttpResponseStatus.BAD_GATEWAY, "malformed response from " + endpoint + ": " + r.decoderResult().cause());
      return;
    }
    int code = r.status().code();
    if (code == 101 && facts.upgrade() && !front.http2()) {
      upgrading = true;
    } else if (code >= 100 && code < 200) {
      interim = true; // 100 Continue and friends pass through to an HTTP/1.1 client; the final response follows
      if (front.http2()) {
        return;
      }
      ProxyHeaders.toClient(r, false);
      front.writeHead(r, false);
      return;
    }
    status = code;
    responseStarted = true;
    upstreamNanos = System.nanoTime() - facts.startNanos();
    upstreamKeepAlive = HttpUtil.isKeepAlive(r);
    ProxyHeaders.toClient(r, front.http2());
    if (!front.http2() && !upgrading) {
      frameForClient(r);
    }
    route.options().affinityCookie().filter(name -> facts.pinned().map(p -> !p.equals(endpoint)).orElse(true))
        .ifPresent(name -> r.headers().add(HttpHeaderNames.SET_COOKIE, name + "=" + route.upstream().token(endpoint) + "; Path=/; HttpOnly"));
    front.writeHead(r, facts.head());
  }

  /** Keep the client's connection reusable: a body of unknown length goes chunked, or the connection closes after it. */
  private void frameForClient(HttpResponse r) {
    int code = r.status().code();
    boolean bodyless = facts.head() || code == 204 || code == 304;
    boolean framed = HttpUtil.isContentLengthSet(r) || HttpUtil.isTransferEncodingChunked(r);
    boolean keepAlive = facts.clientKeepAlive();
    if (!bodyless && !framed) {
      if (facts.http10()) {
        keepAlive = false;
      } else {
        r.headers().set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
      }
    }
    if (!keepAlive) {
      r.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    } else if (facts.http10()) {
      r.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
    }
    front.keepAlive(keepAlive);
  }

  private void responseContent(HttpContent c) {
    boolean last = c instanceof LastHttpContent;
    if (interim) {
      interim = !last;
      if (front.http2()) {
        c.release();
      } else {
        front.write(c);
      }
      return;
    }
    bytesSent += c.content().readableBytes();
    front.write(c);
    if (last && upgrading) {
      switchProtocols();
    } else if (last) {
      finish();
    }
  }

  /** After 101: both connections carry raw bytes (WebSocket frames and the like) until either closes. */
  private void switchProtocols() {
    upgraded = true;
    front.flush();
    front.dropHttpCodecs();
    upstream.pipeline().remove(HttpClientCodec.class);
    upstream.config().setAutoRead(true);
    front.resumeBody(true);
  }

  void flushToClient() {
    front.flush();
  }

  void clientWritabilityChanged(boolean writable) {
    if (upstream != null && !finished) {
      upstream.config().setAutoRead(writable);
    }
  }

  void upstreamWritabilityChanged(boolean writable) {
    if (writable && !requestComplete && !finished) {
      front.resumeBody(true);
    }
  }

  void upstreamClosed() {
    if (finished) {
      return;
    }
    if (upgraded) {
      end(false);
      front.closeAfterFlush();
    } else if (!responseStarted) {
      fail(HttpResponseStatus.BAD_GATEWAY, "upstream " + endpoint + " closed the connection before responding");
    } else {
      abort();
    }
  }

  void upstreamTimedOut() {
    if (finished) {
      return;
    }
    if (!responseStarted && !upgraded) {
      fail(HttpResponseStatus.GATEWAY_TIMEOUT, "upstream " + endpoint + " sent nothing for " + ctx.config().readTimeout().toSeconds() + "s");
    } else {
      abort();
    }
  }

  /** The client went away: the upstream connection is in an unknown state, so it closes too. */
  void clientClosed() {
    if (!finished) {
      status = status == 0 ? 499 : status; // nginx's "client closed request"
      end(false);
    }
  }

  /** The response is complete: the upstream connection goes back to the pool if both sides are done with it. */
  private void finish() {
    front.flush(); // first: the client has its answer before the log line and counters are made; the upstream's read-complete
                   // no longer reaches this exchange once its connection is pooled
    end(upstreamKeepAlive && requestComplete);
    front.exchangeDone();
  }

  /** A failure mid-response: the client cannot be told anything valid any more, so its connection closes. */
  private void abort() {
    end(false);
    front.closeAfterFlush();
  }

  private void fail(HttpResponseStatus answer, String why) {
    status = answer.code();
    end(false);
    front.replyFailure(answer, why);
  }

  private void end(boolean reuse) {
    finished = true;
    if (pending != null) {
      pending.forEach(ReferenceCountUtil::release);
      pending.clear();
    }
    if (upstream != null) {
      if (reuse) {
        ctx.pools().of(upstream.eventLoop()).release(upstream, key);
      } else {
        upstream.pipeline().get(BackendHandler.class).attach(null);
        upstream.close();
      }
    }
    ctx.sink().record(new RequestRecord(route.site(), facts.clientIp(), facts.method(), facts.uri(), facts.protocol(), status, bytesSent,
        System.nanoTime() - facts.startNanos(), route.upstream().name(), endpoint == null ? "-" : route.upstream().text(endpoint), upstreamNanos, facts.requestId(), facts.userAgent()));
  }
}
