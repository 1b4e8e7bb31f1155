package dev.podnet.daemon.api;

import dev.podnet.api.Json;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.handler.ssl.SslHandler;
import io.netty.channel.unix.DomainSocketAddress;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * HTTP/1.1 on one {@link ApiListener}: a unix socket readable by root only, or HTTPS on a TCP
 * address. Netty parses and writes; requests are handled off the event loop (they block on the
 * store) by a {@link Function} from request to response. The TCP socket is created by the thread
 * that calls {@link #start}, so it belongs to that thread's network namespace.
 */
public final class ApiServer implements AutoCloseable {
  /**
   * The request line and the headers may each take up to 1 MiB, as Go's net/http allows the API
   * server: {@code kubectl exec} puts the whole command line into the query.
   */
  private static final int MAX_REQUEST_HEAD = 1 << 20;
  private static final Logger log = LoggerFactory.getLogger(ApiServer.class);

  private final ApiListener listener;
  private final EpollEventLoopGroup loop = new EpollEventLoopGroup(1);
  private final ExecutorService workers = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "api");
    t.setDaemon(true);
    return t;
  });
  private final Channel channel;

  private ApiServer(ApiListener listener, Function<ApiRequest, ApiResponse> handler) throws IOException, InterruptedException {
    this.listener = listener;
    ServerBootstrap b = new ServerBootstrap().group(loop).childHandler(new ChannelInitializer<Channel>() {
      @Override
      protected void initChannel(Channel ch) {
        if (listener instanceof ApiListener.Https h) {
          ch.pipeline().addLast(h.ssl().newHandler(ch.alloc()));
        }
        ch.pipeline().addLast(new HttpServerCodec(MAX_REQUEST_HEAD, MAX_REQUEST_HEAD, 8192), new BodyLimit(), new Handler(handler));
      }
    });
    if (listener instanceof ApiListener.Unix u) {
      Files.deleteIfExists(u.socket());
      Files.createDirectories(u.socket().getParent());
      this.channel = b.channel(EpollServerDomainSocketChannel.class).bind(new DomainSocketAddress(u.socket().toFile())).sync().channel();
      Files.setPosixFilePermissions(u.socket(), PosixFilePermissions.fromString("rw-------"));
    } else {
      this.channel = b.channel(EpollServerSocketChannel.class).bind(((ApiListener.Https) listener).address()).sync().channel();
    }
  }

  public static ApiServer start(Path socket, Function<ApiRequest, ApiResponse> handler) {
    return start(new ApiListener.Unix(socket), handler);
  }

  public static ApiServer start(ApiListener listener, Function<ApiRequest, ApiResponse> handler) {
    try {
      return new ApiServer(listener, handler);
    } catch (IOException e) {
      throw new IllegalStateException("cannot serve the API on " + where(listener) + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while binding " + where(listener), e);
    }
  }

  private static String where(ApiListener l) {
    return l instanceof ApiListener.Unix u ? u.socket().toString() : "https://" + ((ApiListener.Https) l).address();
  }

  /** The unix socket served, or empty for HTTPS. */
  public Optional<Path> unixSocket() {
    return listener instanceof ApiListener.Unix u ? Optional.of(u.socket()) : Optional.empty();
  }

  private final class Handler extends SimpleChannelInboundHandler<FullHttpRequest> {
    private final Function<ApiRequest, ApiResponse> handler;

    Handler(Function<ApiRequest, ApiResponse> handler) {
      this.handler = handler;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
      Map<String, String> headers = new LinkedHashMap<>();
      req.headers().forEach(e -> headers.merge(e.getKey().toLowerCase(Locale.ROOT), e.getValue(), (a, c) -> a + "," + c));
      ApiRequest r = ApiRequest.of(req.method().name(), req.uri(), headers, caller(ctx, headers), ByteBufUtil.getBytes(req.content()));
      boolean keepAlive = HttpUtil.isKeepAlive(req);
      workers.execute(() -> respond(ctx, r, keepAlive));
    }

    private Caller caller(ChannelHandlerContext ctx, Map<String, String> headers) {
      if (!(listener instanceof ApiListener.Https h)) {
        return Caller.ADMIN;
      }
      List<X509Certificate> peer = List.of();
      try {
        Certificate[] chain = ctx.pipeline().get(SslHandler.class).engine().getSession().getPeerCertificates();
        peer = java.util.Arrays.stream(chain).map(X509Certificate.class::cast).toList();
      } catch (javax.net.ssl.SSLPeerUnverifiedException e) {
        // no client certificate: a bearer token may still say who this is
      }
      return h.authentication().authenticate(peer, headers).orElse(Caller.ANONYMOUS);
    }

    private void respond(ChannelHandlerContext ctx, ApiRequest r, boolean keepAlive) {
      ApiResponse resp;
      try {
        resp = handler.apply(r);
      } catch (ApiError e) {
        resp = ApiResponse.json(e.code(), e.status());
      } catch (RuntimeException e) {
        log.warn("api request failed method={} path={} error={}", r.method(), r.path(), e.toString());
        resp = ApiResponse.json(500, new ApiError(500, "InternalError", String.valueOf(e.getMessage())).status());
      }
      if (resp instanceof ApiResponse.Stream s && StreamOverWebSocket.asked(r)) {
        resp = StreamOverWebSocket.of(s);
      }
      if (resp instanceof ApiResponse.Upgrade u) {
        ProtocolUpgrade.complete(ctx, r, u);
        return;
      }
      if (resp instanceof ApiResponse.Stream s) {
        stream(ctx, s);
        return;
      }
      int code;
      byte[] body;
      String type;
      Map<String, String> headers = Map.of();
      if (resp instanceof ApiResponse.Bytes b) {
        code = b.code();
        body = b.body();
        type = b.contentType();
        headers = b.headers();
      } else if (resp instanceof ApiResponse.Json j) {
        code = j.code();
        body = Json.write(j.body()).getBytes(StandardCharsets.UTF_8);
        type = "application/json";
      } else {
        ApiResponse.Text t = (ApiResponse.Text) resp;
        code = t.code();
        body = t.body().getBytes(StandardCharsets.UTF_8);
        type = "text/plain; charset=utf-8";
      }
      DefaultFullHttpResponse out = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(code), Unpooled.wrappedBuffer(body));
      out.headers().set(HttpHeaderNames.CONTENT_TYPE, type).setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
      if (resp instanceof ApiResponse.Json j) {
        j.headers().forEach((name, values) -> out.headers().add(name, values));
      }
      headers.forEach(out.headers()::set);
      if (keepAlive) {
        out.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
        ctx.writeAndFlush(out);
      } else {
        ctx.writeAndFlush(out).addListener(f -> ctx.close());
      }
    }

    private void stream(ChannelHandlerContext ctx, ApiResponse.Stream s) {
      DefaultHttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
      head.headers().set(HttpHeaderNames.CONTENT_TYPE, s.contentType()).set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
      ctx.writeAndFlush(head);
      ApiResponse.StreamSink sink = new ApiResponse.StreamSink() {
        @Override
        public void write(String chunk) {
          ByteBuf b = Unpooled.copiedBuffer(chunk, StandardCharsets.UTF_8);
          ctx.writeAndFlush(new DefaultHttpContent(b));
        }

        @Override
        public boolean isOpen() {
          return ctx.channel().isActive();
        }

        @Override
        public void onClose(Runnable r) {
          ctx.channel().closeFuture().addListener(f -> r.run());
        }
      };
      try {
        s.producer().produce(sink);
      } catch (Exception e) {
        log.debug("stream ended error={}", e.toString());
      }
      if (ctx.channel().isActive()) {
        ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT).addListener(f -> ctx.close());
      }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      ctx.close();
    }
  }

  @Override
  public void close() {
    channel.close().syncUninterruptibly();
    loop.shutdownGracefully();
    workers.shutdownNow();
    if (listener instanceof ApiListener.Unix u) {
      try {
        Files.deleteIfExists(u.socket());
      } catch (IOException e) {
        log.warn("cannot remove socket={} error={}", u.socket(), e.getMessage());
      }
    }
  }
}
