package dev.podnet.ui;

import java.util.function.Consumer;

/** A topology that changes: the newest snapshot, and a call on every change after it. */
public interface TopologyFeed {

  Topology current();

  /** Calls {@code listener} on every new snapshot until the returned handle is closed. */
  AutoCloseable subscribe(Consumer<Topology> listener);
}
