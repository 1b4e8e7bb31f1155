package dev.podnet.ingress.proxy;

import dev.podnet.ingress.route.Route;
import dev.podnet.ingress.route.Site;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.DuplexChannel;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.AsciiString;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;

/**
 * The client side of one connection (HTTP/1.1) or one stream (HTTP/2): admits each request
 * ({@link RequestGate}), looks its route up in the table current at that moment ({@link Decision}),
 * and answers itself (400, 404, 503, 308, 413) or starts an {@link Exchange}. HTTP/1.1 requests are answered
 * in order: a pipelined request waits until the one before it is done.
 */
final class FrontHandler extends ChannelInboundHandlerAdapter {
  private static final int LINGER_SECONDS = 2;
  /** Pipelined messages held while the request before them is answered; past this, reading pauses. */
  private static final int MAX_QUEUED = 64;
  private final ProxyContext pc;
  private final boolean http2;
  private final ArrayDeque<Object> queued = new ArrayDeque<>();
  private ChannelHandlerContext ctx;
  private FrontEncoder encoder;
  private String clientIp;
  private ProxyHeaders.Forwarding forwarding;
  private Exchange current;
  private boolean discarding;
  private boolean keepAlive = true;
  private boolean closing;

  FrontHandler(ProxyContext pc, boolean http2) {
    this.pc = pc;
    this.http2 = http2;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (closing) {
      ReferenceCountUtil.release(msg);
    } else if (current != null && current.upgraded()) {
      current.fromClient(msg);
    } else if (!queued.isEmpty() || (busy() && msg instanceof HttpRequest)) {
      queued.add(msg); // pipelined: waits for the response before it
      if (queued.size() > MAX_QUEUED) {
        ctx.channel().config().setAutoRead(false); // a client pipelining without end waits for its answers
      }
    } else {
      handle(msg);
    }
  }

  private boolean busy() {
    return current != null || discarding;
  }

  private void handle(Object msg) {
    if (msg instanceof HttpRequest req) {
      request(req); // a full request's body goes with it
    } else if (msg instanceof HttpContent c) {
      content(c);
    } else {
      ReferenceCountUtil.release(msg);
    }
  }

  private void content(HttpContent c) {
    boolean last = c instanceof LastHttpContent;
    if (discarding) {
      c.release();
      discarding = !last;
      if (last) {
        next();
      }
    } else if (current != null && !current.requestComplete()) {
      current.fromClient(c); // reading goes on: a pipelined request queues (toggling autoRead per request costs two epoll_ctl calls)
    } else {
      c.release();
    }
  }

  private void request(HttpRequest req) {
    long t0 = System.nanoTime();
    RequestGate.Verdict v = RequestGate.check(req);
    if (v instanceof RequestGate.Refuse refuse) {
      closing = true;
      reply(req, Site.NONE, t0, Replies.closing(Replies.text(HttpResponseStatus.BAD_REQUEST, "400 Bad Request: " + refuse.reason())));
      return;
    }
    RequestGate.Admit admit = (RequestGate.Admit) v;
    keepAlive = HttpUtil.isKeepAlive(req);
    discarding = !(req instanceof LastHttpContent); // until the body is read or handed to an exchange
    Decision d = Decision.of(req, admit, pc.routes().get(), pc.scheme());
    if (d instanceof Decision.Forward f) {
      proxy(req, Canaries.choose(req, f.route()), f.path(), t0);
    } else {
      Decision.Answer a = (Decision.Answer) d;
      reply(req, a.site(), t0, a.response());
    }
  }

  /** Once per connection: the port as header text is not formatted again for every request (JFR: Integer.getChars). */
  private ProxyHeaders.Forwarding forwarding() {
    if (forwarding == null) {
      forwarding = new ProxyHeaders.Forwarding(clientIp(), AsciiString.of(Integer.toString(pc.port())), pc.scheme());
    }
    return forwarding;
  }

  private void proxy(HttpRequest req, Route.Proxy route, String path, long t0) {
    String clientIp = clientIp();
    boolean upgrade = !http2 && req.headers().contains(HttpHeaderNames.UPGRADE)
        && req.headers().containsValue(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE, true);
    String originalUri = req.uri();
    boolean http10 = req.protocolVersion().equals(HttpVersion.HTTP_1_0);
    String protocol = http2 ? "HTTP/2.0" : req.protocolVersion().text();
    ProxyHeaders.Split split = ProxyHeaders.split(req);
    HttpRequest head = split.head();
    boolean unknownLength = http2 && split.body().isEmpty() && !HttpUtil.isContentLengthSet(head);
    String requestId = ProxyHeaders.toUpstream(head, Rewrite.uri(originalUri, path, route), forwarding(), upgrade, unknownLength);
    Exchange.Facts facts = new Exchange.Facts(req.method().name(), originalUri, protocol, clientIp, requestId,
        req.headers().get(HttpHeaderNames.USER_AGENT, "-"), req.method().name().equals("HEAD"), upgrade, keepAlive, http10, t0,
        Affinity.pinned(req, route));
    discarding = false;
    current = new Exchange(this, pc, head, route, facts);
    current.start();
    split.body().ifPresent(this::content);
  }

  /** An answer of the proxy's own; the request's body, if any, is read and dropped. */
  private void reply(HttpRequest req, Site site, long t0, FullHttpResponse res) {
    if (req instanceof HttpContent c) {
      c.release();
    }
    boolean close = closing || !keepAlive;
    if (close && !http2) {
      res.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    }
    pc.sink().record(new RequestRecord(site, clientIp(), req.method().name(), req.uri(),
        http2 ? "HTTP/2.0" : req.protocolVersion().text(), res.status().code(), res.content().readableBytes(), System.nanoTime() - t0, "-",
        "-", -1, req.headers().get(ProxyHeaders.X_REQUEST_ID, "-"), req.headers().get(HttpHeaderNames.USER_AGENT, "-")));
    answeringHead(req.method().name().equals("HEAD"));
    if (close) {
      closing = true;
      ctx.write(res);
      lingeringClose();
    } else {
      ctx.writeAndFlush(res);
      if (!discarding) {
        next();
      }
    }
  }

  /** The current exchange failed before a response started: answer in its place. */
  void replyFailure(HttpResponseStatus status, String why) {
    current = null;
    FullHttpResponse res = Replies.text(status, status.code() + " " + status.reasonPhrase());
    res.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    answeringHead(false);
    closing = true;
    ctx.write(res);
    lingeringClose();
    org.slf4j.LoggerFactory.getLogger(FrontHandler.class).warn("proxy failed answer={} {}", status.code(), why);
  }

  /** The response is complete: the next request may go, unless this connection ends here. */
  void exchangeDone() {
    current = null;
    if (!keepAlive && !http2) {
      closeAfterFlush();
      return;
    }
    if (!discarding) {
      next();
    }
  }

  private void next() {
    if (http2 || closing) {
      return;
    }
    while (!queued.isEmpty() && !busy()) {
      handle(queued.poll());
    }
    if (!busy() || (current != null && !current.requestComplete())) {
      autoRead();
    }
  }

  /** Reading on; the config's setter is an atomic swap every time, even when reading is on already (every request). */
  private void autoRead() {
    if (!ctx.channel().config().isAutoRead()) {
      ctx.channel().config().setAutoRead(true);
    }
  }

  void closeAfterFlush() {
    closing = true;
    ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
  }

  /**
   * nginx's lingering close: after an answer that ends the connection early (400, 413, 502),
   * stop sending but keep reading and dropping what the client still sends for a moment. Closing
   * with unread input makes the kernel send RST, and the client would lose the answer.
   */
  private void lingeringClose() {
    Channel ch = ctx.channel();
    ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(f -> {
      if (ch instanceof DuplexChannel d && ch.isActive()) {
        d.shutdownOutput();
        ch.config().setAutoRead(true);
        ch.eventLoop().schedule(() -> ch.close(), LINGER_SECONDS, TimeUnit.SECONDS);
      } else {
        ch.close();
      }
    });
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    if (current != null) {
      current.flushToUpstream();
    }
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    if (current != null) {
      current.clientWritabilityChanged(ctx.channel().isWritable());
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    closing = true;
    if (current != null) {
      current.clientClosed();
      current = null;
    }
    queued.forEach(ReferenceCountUtil::release);
    queued.clear();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    ctx.close();
  }

  // what the exchange does to the client side

  Channel channel() {
    return ctx.channel();
  }

  boolean http2() {
    return http2;
  }

  void keepAlive(boolean keep) {
    keepAlive = keepAlive && keep;
  }

  void writeHead(HttpResponse r, boolean head) {
    answeringHead(head);
    ctx.write(r);
  }

  void write(Object msg) {
    ctx.write(msg);
  }

  void flush() {
    ctx.flush();
  }

  void pauseBody() {
    ctx.channel().config().setAutoRead(false);
  }

  void resumeBody(boolean resume) {
    if (resume && !closing) {
      autoRead();
    }
  }

  /** After 101 the connection carries another protocol: no more HTTP parsing or framing on it. */
  void dropHttpCodecs() {
    ctx.pipeline().remove(StrictRequestDecoder.class);
    ctx.pipeline().remove(FrontEncoder.class);
    encoder = null;
  }

  /** Formatted once per connection: formatting an address costs more than most of a request's header work. */
  private String clientIp() {
    if (clientIp == null) {
      clientIp = ctx.channel().remoteAddress() instanceof InetSocketAddress a && a.getAddress() != null ? a.getAddress().getHostAddress() : "-";
    }
    return clientIp;
  }

  private void answeringHead(boolean head) {
    if (!http2 && encoder == null) {
      encoder = ctx.pipeline().get(FrontEncoder.class);
    }
    if (encoder != null) {
      encoder.answeringHead(head);
    }
  }
}
