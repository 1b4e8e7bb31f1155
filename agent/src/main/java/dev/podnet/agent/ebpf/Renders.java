package dev.podnet.agent.ebpf;

import dev.podnet.agent.proxy.ChangeTracker;
import dev.podnet.agent.proxy.ProxyConfig;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * Each Service's socket-LB render, made on the event's thread as each Service or slice event
 * arrives (as Cilium's service cache is), and which Services changed since the sync last looked.
 * A full sync then walks finished renders instead of the API objects: what made it cost 1.7 s
 * for 10k Services was rendering them inside it.
 */
final class Renders {
  private final ChangeTracker tracker;
  private final ProxyConfig config;
  private final Map<String, LbService> byKey = new HashMap<>();
  private final Set<String> changed = new HashSet<>();

  Renders(ChangeTracker tracker, ProxyConfig config) {
    this.tracker = tracker;
    this.config = config;
  }

  /**
   * Renders Service {@code key} from the tracker's inputs as they are now. Under the lock, so of
   * two events racing for one Service (the Service and the slice informers), the later render
   * is the one kept, and it read both.
   */
  synchronized void update(String key) {
    ChangeTracker.Change c = tracker.current(key);
    if (c.service().isPresent()) {
      byKey.put(key, LbRenderer.render(c.service().get(), c.slices(), config));
    } else {
      byKey.remove(key);
    }
    changed.add(key);
    tracker.forgetChanges();
  }

  /** Every Service's render, to {@code each} under the lock; the changes count as taken. */
  synchronized void takeAll(BiConsumer<String, LbService> each) {
    byKey.forEach(each);
    changed.clear();
  }

  /** The changed Services' renders (empty: deleted); the changes count as taken. */
  synchronized Map<String, Optional<LbService>> takeChanged() {
    Map<String, Optional<LbService>> out = new HashMap<>();
    changed.forEach(k -> out.put(k, Optional.ofNullable(byKey.get(k))));
    changed.clear();
    return out;
  }
}
