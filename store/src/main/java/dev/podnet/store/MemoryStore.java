package dev.podnet.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArraySet;

/**
 * A {@link Store} in memory with etcd's semantics: one global revision counter, every change kept in
 * a history that watches replay from any retained revision, and {@link #compact} to drop history as
 * etcd compaction does. For tests of the controllers and agents that use a store.
 */
public final class MemoryStore extends KeyValueStore {
  private final TreeMap<String, Entry> data = new TreeMap<>();
  private final List<Change> history = new ArrayList<>();
  /** For each change in {@link #history}, the entry it replaced (null if none): enough to read as of an older revision. */
  private final List<Entry> previous = new ArrayList<>();
  private final Set<MemoryWatch> watches = new CopyOnWriteArraySet<>();
  /** etcd starts a fresh cluster at revision 1; the first write is revision 2. */
  private long revision = 1;
  private long compacted = 0;

  /** The current revision: that of the last write. */
  public synchronized long revision() {
    return revision;
  }

  /**
   * Forgets the history before {@code revision}: watches from an older resourceVersion end with GONE,
   * exactly as after etcd's compaction at that revision.
   */
  public synchronized void compact(long revision) {
    if (revision > this.revision) {
      throw new IllegalArgumentException("compact to revision " + revision + ": the store is only at revision " + this.revision);
    }
    compacted = Math.max(compacted, revision);
    while (!history.isEmpty() && history.get(0).entry().modRevision() < compacted) {
      history.remove(0);
      previous.remove(0);
    }
  }

  @Override
  synchronized Optional<Entry> read(String key) {
    return Optional.ofNullable(data.get(key));
  }

  @Override
  synchronized OptionalLong write(String key, byte[] value, long expected) {
    Entry current = data.get(key);
    long actual = current == null ? 0 : current.modRevision();
    if (actual != expected) {
      return OptionalLong.empty();
    }
    Entry next = new Entry(key, value.clone(), ++revision);
    data.put(key, next);
    record(new Change(current == null ? WatchEvent.Type.ADDED : WatchEvent.Type.MODIFIED, next, Optional.ofNullable(current)), current);
    return OptionalLong.of(revision);
  }

  @Override
  synchronized OptionalLong remove(String key, long expected) {
    Entry current = data.get(key);
    if (current == null || current.modRevision() != expected) {
      return OptionalLong.empty();
    }
    data.remove(key);
    record(new Change(WatchEvent.Type.DELETED, new Entry(key, current.value(), ++revision)), current);
    return OptionalLong.of(revision);
  }

  @Override
  synchronized Change.Range range(Change.Span span) {
    long at = span.revision() == 0 ? revision : span.revision();
    if (at < compacted) {
      throw StoreException.gone(at, compacted);
    }
    List<Entry> entries = new ArrayList<>(asOf(at).subMap(span.from(), true, span.end(), false).values());
    long limit = span.limit() == 0 ? entries.size() : Math.min(span.limit(), entries.size());
    return new Change.Range(entries.subList(0, (int) limit), revision, entries.size() - limit);
  }

  /** The data as it was at {@code at}: today's, with every later change undone, newest first. */
  private TreeMap<String, Entry> asOf(long at) {
    if (at >= revision) {
      return data;
    }
    TreeMap<String, Entry> then = new TreeMap<>(data);
    for (int i = history.size() - 1; i >= 0 && history.get(i).entry().modRevision() > at; i--) {
      Entry before = previous.get(i);
      if (before == null) {
        then.remove(history.get(i).entry().key());
      } else {
        then.put(before.key(), before);
      }
    }
    return then;
  }

  @Override
  synchronized Watch watchPrefix(String prefix, long after, Change.Listener listener) {
    MemoryWatch watch = new MemoryWatch(prefix, after == 0 ? revision : after, listener, watches::remove);
    if (after != 0 && after + 1 < compacted) {
      watch.fail(StoreException.gone(after, compacted));
      return watch;
    }
    history.forEach(watch::offer);
    watches.add(watch);
    return watch;
  }

  private void record(Change change, Entry replaced) {
    history.add(change);
    previous.add(replaced);
    watches.forEach(w -> w.offer(change));
  }
}
