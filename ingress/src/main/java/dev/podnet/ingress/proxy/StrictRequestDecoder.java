package dev.podnet.ingress.proxy;

import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpRequestDecoder;

/**
 * Netty's request decoder, strict: lines must end in CRLF, duplicate Content-Lengths are an
 * error, and a request framed by both Content-Length and Transfer-Encoding keeps both headers
 * (Netty would drop Content-Length and carry on), so {@link RequestGate} refuses it instead of
 * forwarding a request two servers may read two ways.
 */
final class StrictRequestDecoder extends HttpRequestDecoder {
  StrictRequestDecoder(ProxyConfig config) {
    super(new HttpDecoderConfig().setMaxInitialLineLength(config.maxInitialLine()).setMaxHeaderSize(config.maxHeaderBytes())
        .setMaxChunkSize(64 * 1024).setAllowDuplicateContentLengths(false).setStrictLineParsing(true).setUseRfc9112TransferEncoding(true)
        .setValidateHeaders(true));
  }

  @Override
  protected void handleTransferEncodingChunkedWithContentLength(HttpMessage message) {
    // keep both headers: the gate refuses the request (RFC 9112 §6.3 lets a server reject it)
  }
}
