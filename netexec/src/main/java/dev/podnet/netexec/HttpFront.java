package dev.podnet.netexec;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.DateFormatter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.function.Function;

/**
 * Netty's side of an agnhost HTTP server: a request becomes a {@link Request}, its route's reply
 * goes back with the headers Go's net/http adds (Date, Content-Length, a sniffed Content-Type).
 * Blocking routes run on {@code blocking}, so the single event loop thread never waits.
 */
final class HttpFront extends SimpleChannelInboundHandler<FullHttpRequest> {
    /** What the server is configured with, shared by every connection. */
    record Config(Function<String, Endpoints.Route> routes, Optional<String> override, Executor blocking,
                  ProcessExit exit) {}

    private final Config config;

    HttpFront(Config config) {
        this.config = config;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest http) {
        Request request = config.override().map(HttpFront::overridden)
                .orElseGet(() -> request(http, ctx.channel().attr(HeaderSnapshot.SENT).get(),
                        HostPort.of(ctx.channel().remoteAddress())));
        boolean keepAlive = HttpUtil.isKeepAlive(http);
        boolean head = http.method().equals(HttpMethod.HEAD);
        Endpoints.Route route = config.routes().apply(request.path());
        if (route.blocking()) {
            config.blocking().execute(() -> send(ctx, route.handler().apply(request), keepAlive, head));
        } else {
            send(ctx, route.handler().apply(request), keepAlive, head);
        }
    }

    private void send(ChannelHandlerContext ctx, Reply reply, boolean keepAlive, boolean head) {
        if (reply instanceof Reply.Answer answer) {
            FullHttpResponse response = response(answer, head);
            boolean close = !keepAlive || "close".equalsIgnoreCase(answer.headers().get("Connection"));
            HttpUtil.setKeepAlive(response, !close);
            ctx.writeAndFlush(response).addListener(close ? ChannelFutureListener.CLOSE : ChannelFutureListener.CLOSE_ON_FAILURE);
        } else if (reply instanceof Reply.Exit exit) {
            if (exit.answerFirst()) {
                FullHttpResponse response = response(Reply.Answer.ok(""), head);
                HttpUtil.setKeepAlive(response, false);
                ctx.writeAndFlush(response).addListener(f -> {
                    ctx.close();
                    config.exit().exit(exit.code());
                });
            } else {
                config.exit().exit(exit.code());
                ctx.close();
            }
        } else {
            ctx.close();
        }
    }

    private static FullHttpResponse response(Reply.Answer answer, boolean head) {
        byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
        FullHttpResponse response = new DefaultFullHttpResponse(io.netty.handler.codec.http.HttpVersion.HTTP_1_1,
                HttpResponseStatus.valueOf(answer.status()), head ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(body));
        answer.headers().forEach((name, value) -> response.headers().set(name, value));
        response.headers().set(HttpHeaderNames.DATE, DateFormatter.format(new Date()));
        response.headers().set(HttpHeaderNames.CONTENT_LENGTH, body.length);
        if (body.length > 0 && !response.headers().contains(HttpHeaderNames.CONTENT_TYPE)) {
            response.headers().set(HttpHeaderNames.CONTENT_TYPE, Sniff.contentType(answer.body()));
        }
        return response;
    }

    static Request request(FullHttpRequest http, List<Map.Entry<String, String>> headers, String remoteAddress) {
        QueryStringDecoder uri = decoder(true).build(http.uri());
        Map<String, List<String>> form = new LinkedHashMap<>();
        String method = http.method().name();
        boolean hasBody = method.equals("POST") || method.equals("PUT") || method.equals("PATCH");
        String type = http.headers().get(HttpHeaderNames.CONTENT_TYPE, "");
        if (hasBody && type.startsWith(HttpHeaderValues.APPLICATION_X_WWW_FORM_URLENCODED.toString())) {
            String body = http.content().toString(StandardCharsets.UTF_8);
            decoder(false).build(body).parameters().forEach((k, v) -> form.put(k, new ArrayList<>(v)));
        }
        uri.parameters().forEach((k, v) -> form.computeIfAbsent(k, x -> new ArrayList<>()).addAll(v));
        return new Request(method, uri.path(), uri.parameters(), form, headers, remoteAddress);
    }

    /**
     * A raw ';' stays part of the value. Go since 1.17 drops such a pair instead; keeping it is
     * what a caller who forgot to escape meant, and escaped input decodes the same either way.
     */
    private static QueryStringDecoder.Builder decoder(boolean hasPath) {
        return QueryStringDecoder.builder().hasPath(hasPath).semicolonIsNormalChar(true);
    }

    /** Go's http.NewRequest("GET", override): no headers, no body, no remote address. */
    static Request overridden(String override) {
        QueryStringDecoder uri = decoder(true).build(override);
        return new Request("GET", uri.path(), uri.parameters(), uri.parameters(), List.of(), "");
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        Log.info("http: connection from " + HostPort.of(ctx.channel().remoteAddress()) + ": " + cause.getMessage());
        ctx.close();
    }
}
