package dev.podnet.ingress.proxy;

import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseEncoder;

/**
 * The client side's response encoder, told when the response answers a HEAD request: such a
 * response carries the headers of a body it never sends (RFC 9110 §9.3.2), so the encoder must
 * not frame one. HttpServerCodec learns this from its own decoder; podnet's decoder is a
 * separate class ({@link StrictRequestDecoder}), so the front handler tells the encoder.
 */
final class FrontEncoder extends HttpResponseEncoder {
  private boolean head;

  /** Set before writing each response; requests on one connection are answered in order. */
  void answeringHead(boolean head) {
    this.head = head;
  }

  @Override
  protected boolean isContentAlwaysEmpty(HttpResponse msg) {
    return head || super.isContentAlwaysEmpty(msg);
  }
}
