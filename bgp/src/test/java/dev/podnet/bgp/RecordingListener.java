package dev.podnet.bgp;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** Keeps what a speaker reported, as the routing backend would install it. */
final class RecordingListener implements RouteListener {
  final Map<Prefix, Path> routes = new ConcurrentHashMap<>();
  final AtomicInteger changes = new AtomicInteger();
  volatile boolean converged;

  @Override
  public void bestPathChanged(Prefix prefix, Optional<Path> best) {
    changes.incrementAndGet();
    best.ifPresentOrElse(p -> routes.put(prefix, p), () -> routes.remove(prefix));
  }

  @Override
  public void converged() {
    converged = true;
  }
}
