package dev.podnet.bgp;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageCodec;
import java.util.List;

/** Bytes to {@link Message}s and back on one connection; the OPEN exchange switches its {@link WireOptions}. */
final class FrameCodec extends ByteToMessageCodec<Message> {
  private WireOptions options = WireOptions.BEFORE_OPEN;
  private boolean failed;

  FrameCodec() {
    super(Message.class);
  }

  void options(WireOptions o) {
    this.options = o;
  }

  @Override
  protected void encode(ChannelHandlerContext ctx, Message m, ByteBuf out) {
    Codec.encode(m, options, out);
  }

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
    if (failed) {
      // after an error the stream has no trustworthy framing; the session is closing anyway
      in.skipBytes(in.readableBytes());
      return;
    }
    try {
      Message m = Codec.decodeFrame(in, options);
      if (m != null) {
        out.add(m);
      }
    } catch (BgpException e) {
      failed = true;
      in.skipBytes(in.readableBytes());
      out.add(e);
    }
  }
}
