package dev.podnet.daemon.api;

import dev.podnet.api.Json;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;

/**
 * Collects a request's body up to Kubernetes' limit of 3 MiB; past it, answers 413 with a {@code
 * Status} (the client learns why, instead of seeing the connection drop) and closes the connection,
 * since the rest of the body is still on its way.
 */
final class BodyLimit extends HttpObjectAggregator {
  /** The API server's {@code MaxRequestBodyBytes}. */
  static final int MAX_BYTES = 3 * 1024 * 1024;

  BodyLimit() {
    super(MAX_BYTES);
  }

  @Override
  protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
    ctx.writeAndFlush(tooLarge()).addListener(ChannelFutureListener.CLOSE);
  }

  /**
   * A client that sends {@code Expect: 100-continue} (curl does for big bodies) with a length over
   * the limit is told so before it sends the body: with the same Status, not Netty's empty 413.
   */
  @Override
  protected Object newContinueResponse(HttpMessage start, int maxContentLength, ChannelPipeline pipeline) {
    Object answer = super.newContinueResponse(start, maxContentLength, pipeline);
    if (answer instanceof FullHttpResponse r && r.status().equals(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE)) {
      r.release();
      return tooLarge();
    }
    return answer;
  }

  private static DefaultFullHttpResponse tooLarge() {
    ApiError e = new ApiError(413, "RequestEntityTooLarge", "Request entity too large: limit is " + MAX_BYTES);
    byte[] body = Json.write(e.status()).getBytes(StandardCharsets.UTF_8);
    DefaultFullHttpResponse out = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE,
        Unpooled.wrappedBuffer(body));
    out.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json").setInt(HttpHeaderNames.CONTENT_LENGTH, body.length)
        .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    return out;
  }
}
