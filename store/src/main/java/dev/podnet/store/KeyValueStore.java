package dev.podnet.store;

import dev.podnet.api.ResourceType;
import dev.podnet.api.Resources;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link Store} semantics over any revisioned key-value backend (etcd, or memory): keys from
 * {@link ResourceType#key}, values as {@link Codec} writes them, and every conditional write a
 * compare-and-swap on the key's mod revision, as Kubernetes' etcd3 storage does it.
 */
abstract class KeyValueStore implements Store {
  private static final Logger LOG = LoggerFactory.getLogger(KeyValueStore.class);
  /** A controller losing this many races in a row has a bug (or a hot key); better to say so. */
  private static final int MAX_UPDATE_ATTEMPTS = 64;

  abstract Optional<Entry> read(String key);

  /** Writes {@code value} if the key's mod revision is {@code expected} (0: the key is absent); the new revision, or empty. */
  abstract OptionalLong write(String key, byte[] value, long expected);

  /** Removes the key if its mod revision is {@code expected}; the delete's revision, or empty. */
  abstract OptionalLong remove(String key, long expected);

  /**
   * The keys of {@code span}; a revision older than the last compaction fails GONE (its message is
   * the backend's: callers that know better say it in their words).
   */
  abstract Change.Range range(Change.Span span);

  /** Streams the changes under {@code prefix} with revisions above {@code after} (0: from now). */
  abstract Watch watchPrefix(String prefix, long after, Change.Listener listener);

  @Override
  public <T extends HasMetadata> T create(T obj) {
    ResourceType type = Resources.of(obj);
    T next = Strategy.prepareForCreate(type, obj);
    String key = Strategy.key(type, next);
    byte[] value = Codec.encode(next);
    long revision = write(key, value, 0).orElseThrow(() -> StoreException.alreadyExists(type, next.getMetadata().getName()));
    return Codec.decode(type, new Entry(key, value, revision));
  }

  @Override
  public <T extends HasMetadata> Optional<T> find(ResourceType type, String namespace, String name) {
    return read(Strategy.key(type, namespace, name)).map(e -> Codec.decode(type, e));
  }

  @Override
  public <T extends HasMetadata> T update(T obj) {
    ResourceType type = Resources.of(obj);
    String key = Strategy.key(type, obj);
    String name = obj.getMetadata().getName();
    String wanted = Optional.ofNullable(obj.getMetadata().getResourceVersion()).orElse("");
    while (true) {
      Entry current = read(key).orElseThrow(() -> StoreException.notFound(type, name));
      if (!wanted.isEmpty() && !wanted.equals(Long.toString(current.modRevision()))) {
        throw StoreException.conflict(type, name);
      }
      T stored = Codec.decode(type, current);
      byte[] value = Codec.encode(Strategy.prepareForUpdate(type, stored, obj));
      if (Arrays.equals(value, current.value())) {
        return stored;
      }
      OptionalLong revision = write(key, value, current.modRevision());
      if (revision.isPresent()) {
        return Codec.decode(type, new Entry(key, value, revision.getAsLong()));
      }
      // Changed between our read and write: a conditional update has lost; an unconditional one retries.
    }
  }

  @Override
  public <T extends HasMetadata> T guaranteedUpdate(ResourceType type, String namespace, String name, UnaryOperator<T> mutate) {
    StoreException lost = null;
    for (int attempt = 0; attempt < MAX_UPDATE_ATTEMPTS; attempt++) {
      T current = get(type, namespace, name);
      String rv = current.getMetadata().getResourceVersion();
      T next = mutate.apply(current);
      next.getMetadata().setResourceVersion(rv);
      try {
        return update(next);
      } catch (StoreException e) {
        if (!e.is(StoreException.Reason.CONFLICT)) {
          throw e;
        }
        lost = e;
      }
    }
    throw new StoreException(StoreException.Reason.CONFLICT, lost.getMessage() + " (gave up after " + MAX_UPDATE_ATTEMPTS + " attempts)", lost);
  }

  @Override
  public <T extends HasMetadata> T delete(ResourceType type, String namespace, String name, Preconditions preconditions) {
    String key = Strategy.key(type, namespace, name);
    while (true) {
      Entry current = read(key).orElseThrow(() -> StoreException.notFound(type, name));
      T stored = Codec.decode(type, current);
      check(type, stored, preconditions);
      if (remove(key, current.modRevision()).isPresent()) {
        return stored;
      }
    }
  }

  @Override
  public <T extends HasMetadata> ListResult<T> list(ResourceType type, String namespace) {
    Change.Range range = range(Change.Span.prefix(Strategy.prefix(type, namespace)));
    List<T> items = range.entries().stream().map(e -> Codec.<T>decode(type, e)).toList();
    return new ListResult<>(items, range.revision());
  }

  @Override
  public <T extends HasMetadata> ListResult<T> list(ResourceType type, String namespace, ListOptions options) {
    return new Pager(this, type, Strategy.prefix(type, namespace)).list(options);
  }

  @Override
  public <T extends HasMetadata> Watch watch(ResourceType type, String namespace, long fromResourceVersion, WatchHandler<T> handler) {
    String prefix = Strategy.prefix(type, namespace);
    return watchPrefix(prefix, fromResourceVersion, new Change.Listener() {
      @Override
      public void onChange(Change change) {
        try {
          T previous = change.previous().map(p -> Codec.<T>decode(type, p)).orElse(null);
          handler.onEvent(new WatchEvent<>(change.type(), Codec.decode(type, change.entry()), java.util.Optional.ofNullable(previous)));
        } catch (RuntimeException e) {
          LOG.warn("watch handler failed prefix={} key={} rv={}", prefix, change.entry().key(), change.entry().modRevision(), e);
        }
      }

      @Override
      public void onError(StoreException error) {
        handler.onError(error);
      }
    });
  }

  private static void check(ResourceType type, HasMetadata stored, Preconditions p) {
    String name = stored.getMetadata().getName();
    String uid = stored.getMetadata().getUid();
    String rv = stored.getMetadata().getResourceVersion();
    if (!p.uid().isEmpty() && !p.uid().equals(uid)) {
      throw StoreException.conflict(type, name, "Precondition failed: UID in precondition: " + p.uid() + ", UID in object meta: " + uid);
    }
    if (!p.resourceVersion().isEmpty() && !p.resourceVersion().equals(rv)) {
      throw StoreException.conflict(type, name,
          "Precondition failed: ResourceVersion in precondition: " + p.resourceVersion() + ", ResourceVersion in object meta: " + rv);
    }
  }
}
