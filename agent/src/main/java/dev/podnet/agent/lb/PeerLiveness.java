package dev.podnet.agent.lb;

import dev.podnet.kernel.Netns;
import dev.podnet.kernel.NetnsExecutor;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Node liveness in well under a second, for failover: every node answers UDP probes on its LAN
 * address and probes its peers every {@code interval}; a peer silent for {@code deadAfter} is
 * dead to this node. Node Ready conditions follow leases that expire in tens of seconds (40 s
 * upstream), MetalLB's memberlist in several; a peer that stops answering here is passed over
 * at once. A node that lost its own uplink sees every peer dead and claims everything, which is
 * harmless: its claims cannot reach the LAN, and it yields again as soon as it hears its peers.
 *
 * <p>Peers never heard yet count as alive during the first {@code deadAfter}, so nodes starting
 * together do not each claim every IP for a moment.
 */
final class PeerLiveness implements Liveness {
  private static final Logger log = LoggerFactory.getLogger(PeerLiveness.class);
  private static final byte[] PING = "podnet-lb ping".getBytes(StandardCharsets.US_ASCII);

  private final String self;
  private final Duration interval;
  private final Duration deadAfter;
  private final Runnable onChange;
  private final Map<InetAddress, Long> lastHeard = new ConcurrentHashMap<>();
  private final Map<String, Boolean> verdicts = new ConcurrentHashMap<>();
  private final long started = System.nanoTime();
  private final DatagramSocket socket;
  private final NetnsExecutor executor;
  private final Thread receiver;
  private final Thread prober;
  private volatile Map<String, InetAddress> peers = Map.of();
  private volatile Supplier<Map<String, InetAddress>> peerSource = Map::of;
  private volatile boolean closed;

  /** {@code onChange} is called (on the prober thread) when a peer's verdict changes. */
  PeerLiveness(Netns netns, String self, InetAddress lanAddress, Timing timing, Runnable onChange) {
    this.self = self;
    this.interval = timing.interval();
    this.deadAfter = timing.deadAfter();
    this.onChange = onChange;
    this.executor = new NetnsExecutor(netns, 1);
    this.socket = executor.call(() -> new DatagramSocket(new InetSocketAddress(lanAddress, LbNames.LIVENESS_PORT)));
    this.receiver = new Thread(this::receive, "lb-liveness-rx-" + self);
    this.prober = new Thread(this::probe, "lb-liveness-tx-" + self);
    receiver.setDaemon(true);
    prober.setDaemon(true);
  }

  /** Probe interval and silence after which a peer is dead. */
  record Timing(Duration interval, Duration deadAfter) {
    /** 100 ms probes, dead after 500 ms: failover well inside the 2 s goal, five probes lost before a verdict. */
    static final Timing DEFAULT = new Timing(Duration.ofMillis(100), Duration.ofMillis(500));
  }

  @Override
  public void start(Supplier<Map<String, InetAddress>> peerAddresses) {
    this.peerSource = peerAddresses;
    receiver.start();
    prober.start();
  }

  /** Whether {@code node} answered lately (this node is always alive to itself). */
  @Override
  public boolean isAlive(String node) {
    if (node.equals(self)) {
      return true;
    }
    InetAddress ip = peers.get(node);
    if (ip == null) {
      return true; // not a peer yet (no address known): the Ready condition alone decides
    }
    long now = System.nanoTime();
    Long heard = lastHeard.get(ip);
    long since = heard == null ? now - started : now - heard;
    return since < deadAfter.toNanos();
  }

  private void receive() {
    byte[] buf = new byte[64];
    while (!closed) {
      DatagramPacket p = new DatagramPacket(buf, buf.length);
      try {
        socket.receive(p);
        lastHeard.put(p.getAddress(), System.nanoTime());
        if (p.getLength() == PING.length) { // a probe, not a reply: answer it
          socket.send(new DatagramPacket(new byte[] {1}, 1, p.getSocketAddress()));
        }
      } catch (IOException e) {
        if (!closed) {
          log.debug("node={} liveness receive failed: {}", self, e.getMessage());
        }
      }
    }
  }

  private void probe() {
    while (!closed) {
      try {
        round();
      } catch (RuntimeException e) {
        log.warn("node={} liveness round failed: {}", self, e.toString());
      }
      try {
        Thread.sleep(interval.toMillis());
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  /** Probes every peer once and re-judges them all; a changed verdict triggers a re-election. */
  private void round() {
    Map<String, InetAddress> current = new HashMap<>(peerSource.get());
    current.keySet().removeIf(self::equals);
    peers = current;
    for (InetAddress ip : current.values()) {
      try {
        socket.send(new DatagramPacket(PING, PING.length, ip, LbNames.LIVENESS_PORT));
      } catch (IOException e) {
        // the uplink is down or the address unreachable: the peer stays silent, which is the verdict
      }
    }
    boolean changed = false;
    for (String node : current.keySet()) {
      boolean alive = isAlive(node);
      Boolean was = verdicts.put(node, alive);
      if (was != null && was != alive) {
        changed = true;
        log.info("node={} peer={} alive={}", self, node, alive);
      }
    }
    if (changed) {
      onChange.run();
    }
  }

  @Override
  public void close() {
    closed = true;
    prober.interrupt();
    socket.close();
    executor.close();
  }

}
