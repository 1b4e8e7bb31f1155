package dev.podnet.trace;

import dev.podnet.kernel.Netns;
import dev.podnet.kernel.NetnsExecutor;
import dev.podnet.kernel.Ping;
import dev.podnet.kernel.bpf.Cgroup;
import java.io.IOException;
import java.net.ConnectException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.PortUnreachableException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

/**
 * The real packet: a TCP connect, a UDP datagram or an ICMP echo sent from inside the FROM
 * namespace, from the probe's own source port. The socket is closed (TCP with an RST, so no
 * TIME_WAIT keeps the port) before this returns.
 */
final class Probe {
  static final Duration WAIT = Duration.ofSeconds(3);

  /** What came back. */
  enum Outcome { ANSWERED, REFUSED, UNREACHABLE, NO_ROUTE, NO_ANSWER }

  record Result(Outcome outcome, String text) {}

  private Probe() {}

  /**
   * Sends the probe from namespace {@code from}; with {@code cgroup} (the pod's processes' own, the
   * ebpf datapath's) its socket is made inside that cgroup, so the socket programs attached there
   * treat it as one of the pod's sockets.
   */
  static Result send(Netns from, Optional<Cgroup> cgroup, String proto, int sourcePort, InetSocketAddress to) {
    if (proto.equals("icmp")) {
      Ping.Result p = Ping.once(from, to.getAddress(), WAIT);
      Outcome o = p.answered() ? Outcome.ANSWERED : p.text().contains("nreachable") ? Outcome.UNREACHABLE : Outcome.NO_ANSWER;
      return new Result(o, p.text());
    }
    try (NetnsExecutor ns = new NetnsExecutor(from, 1)) {
      return ns.call(() -> proto.equals("udp") ? udp(made(cgroup, Probe::datagramSocket), sourcePort, to)
          : tcp(made(cgroup, Probe::streamSocket), sourcePort, to));
    }
  }

  /** The socket, made (its file descriptor opened) inside {@code cgroup} when there is one. */
  private static <S> S made(Optional<Cgroup> cgroup, java.util.concurrent.Callable<S> socket) throws Exception {
    return cgroup.isPresent() ? cgroup.get().callInside(socket) : socket.call();
  }

  private static Socket streamSocket() throws IOException {
    Socket s = new Socket();
    s.setReuseAddress(true); // opens the descriptor: a Socket makes its kernel socket lazily
    return s;
  }

  private static DatagramSocket datagramSocket() throws IOException {
    DatagramSocket s = new DatagramSocket(null);
    s.setReuseAddress(true);
    return s;
  }

  private static Result tcp(Socket socket, int sourcePort, InetSocketAddress to) throws IOException {
    try (Socket s = socket) {
      s.bind(new InetSocketAddress(sourcePort));
      try {
        s.connect(to, (int) WAIT.toMillis());
        s.setSoLinger(true, 0);
        return new Result(Outcome.ANSWERED, "connected to " + to.getAddress().getHostAddress() + ":" + to.getPort());
      } catch (ConnectException e) {
        return refusedOrUnreachable(e);
      } catch (NoRouteToHostException e) {
        return new Result(Outcome.UNREACHABLE, "connect: " + e.getMessage());
      } catch (SocketTimeoutException e) {
        return new Result(Outcome.NO_ANSWER, "no answer within " + WAIT.toSeconds() + " s");
      } catch (java.net.SocketException e) {
        return refusedOrUnreachable(new ConnectException(e.getMessage()));
      }
    }
  }

  private static Result refusedOrUnreachable(ConnectException e) {
    String m = String.valueOf(e.getMessage());
    if (m.contains("Network is unreachable")) {
      return new Result(Outcome.NO_ROUTE, "connect: " + m);
    }
    if (m.contains("No route to host") || m.contains("Host is unreachable")) {
      return new Result(Outcome.UNREACHABLE, "connect: " + m);
    }
    return new Result(Outcome.REFUSED, "connect: " + m);
  }

  private static Result udp(DatagramSocket socket, int sourcePort, InetSocketAddress to) throws IOException {
    try (DatagramSocket s = socket) {
      s.bind(new InetSocketAddress(sourcePort));
      s.connect(to);
      s.setSoTimeout((int) WAIT.toMillis());
      byte[] hello = "hostname".getBytes(StandardCharsets.US_ASCII);
      try {
        s.send(new DatagramPacket(hello, hello.length));
        DatagramPacket reply = new DatagramPacket(new byte[1500], 1500);
        s.receive(reply);
        return new Result(Outcome.ANSWERED, "reply of " + reply.getLength() + " bytes");
      } catch (PortUnreachableException e) {
        return new Result(Outcome.REFUSED, "ICMP port unreachable");
      } catch (SocketTimeoutException e) {
        return new Result(Outcome.NO_ANSWER, "no reply within " + WAIT.toSeconds() + " s");
      } catch (IOException e) {
        String m = String.valueOf(e.getMessage());
        return new Result(m.contains("Network is unreachable") ? Outcome.NO_ROUTE : Outcome.UNREACHABLE, "send: " + m);
      }
    }
  }

  static InetSocketAddress address(String ip, int port) {
    try {
      return new InetSocketAddress(InetAddress.getByName(ip), port);
    } catch (IOException e) {
      throw new TraceException("bad address " + ip + ": " + e.getMessage());
    }
  }
}
