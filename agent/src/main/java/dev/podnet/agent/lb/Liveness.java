package dev.podnet.agent.lb;

import java.net.InetAddress;
import java.util.Map;
import java.util.function.Supplier;

/** This node's view of which peers are up, faster than their Ready condition; the announcer re-elects when it changes. */
interface Liveness extends AutoCloseable {

  boolean isAlive(String node);

  /** {@code peers}: the nodes' LAN addresses by name, read again whenever needed. */
  void start(Supplier<Map<String, InetAddress>> peers);

  @Override
  void close();
}
