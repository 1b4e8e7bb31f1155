package dev.podnet.netexec;

import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;

/** Netty's side of a UDP listener: one datagram in, at most one datagram back to its sender. */
final class UdpFront extends SimpleChannelInboundHandler<DatagramPacket> {
    private final Function<DatagramPacket, java.util.Optional<String>> answer;

    UdpFront(Function<DatagramPacket, java.util.Optional<String>> answer) {
        this.answer = answer;
    }

    /** netexec's commands. */
    static UdpFront netexec(String hostname) {
        return new UdpFront(packet -> UdpCommands.answer(ByteBufUtil.getBytes(packet.content()),
                HostPort.of(packet.sender()), hostname));
    }

    /** serve-hostname --udp: the host name to any datagram. */
    static UdpFront hostname(String hostname) {
        return new UdpFront(packet -> {
            Log.info("UDP request from " + HostPort.of(packet.sender()));
            return java.util.Optional.of(hostname);
        });
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
        answer.apply(packet).ifPresent(text -> ctx.writeAndFlush(
                new DatagramPacket(Unpooled.copiedBuffer(text, StandardCharsets.UTF_8), packet.sender())));
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        Log.info("UDP server on " + HostPort.of(ctx.channel().localAddress()) + ": " + cause.getMessage());
    }
}
