package dev.podnet.bench.proxy;

import java.net.InetSocketAddress;
import java.net.Socket;

/**
 * Runs inside a pod: {@code N} TCP connects to {@code HOST:PORT}, one at a time, and prints each
 * connect's duration in nanoseconds, one per line. The connect is SYN → SYN-ACK, so it carries
 * the first packet of a connection through the proxy's DNAT; the socket is then reset (linger 0)
 * so thousands of connects leave no TIME_WAIT behind. Connects are 2 ms apart.
 */
public final class ConnectProbe {
  private ConnectProbe() {}

  public static void main(String[] args) throws Exception {
    InetSocketAddress to = new InetSocketAddress(args[0], Integer.parseInt(args[1]));
    int n = Integer.parseInt(args[2]);
    int warmup = Math.max(20, n / 10);
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < warmup + n; i++) {
      try (Socket s = new Socket()) {
        s.setSoLinger(true, 0);
        long t0 = System.nanoTime();
        s.connect(to, 3000);
        long dt = System.nanoTime() - t0;
        if (i >= warmup) {
          out.append(dt).append('\n');
        }
      }
      // let the server's forked child go before the next SYN: on 2 cores it competes for the CPU
      Thread.sleep(2);
    }
    System.out.print(out);
  }
}
