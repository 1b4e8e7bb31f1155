package dev.podnet.netexec;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.util.AttributeKey;
import java.util.List;
import java.util.Map;

/**
 * Keeps a request's headers as the client sent them, before HttpObjectAggregator adds a
 * Content-Length of its own: /header must echo what arrived, as Go's r.Header does.
 */
final class HeaderSnapshot extends ChannelInboundHandlerAdapter {
    static final AttributeKey<List<Map.Entry<String, String>>> SENT = AttributeKey.valueOf("agnhost.sent-headers");

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof HttpRequest request) {
            ctx.channel().attr(SENT).set(List.copyOf(request.headers().entries()));
        }
        ctx.fireChannelRead(msg);
    }
}
