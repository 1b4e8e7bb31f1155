package dev.podnet.store;

import dev.podnet.api.ResourceType;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * One page of a collection, as Kubernetes' etcd3 storage reads it: every page of a list at the
 * revision the first page was read at, so pages together are one consistent snapshot; with a filter,
 * more keys are read until the page is full or the collection ends.
 */
final class Pager {
  /** Reads per round trip while filtering: upstream doubles its limit; a fixed batch keeps memory flat. */
  private static final long FILTER_BATCH = 500;
  /**
   * Reads per round trip of an unlimited list: one range of 10k Services is more than gRPC's
   * 4 MiB message limit, so an unlimited list is read in batches at the first batch's revision.
   */
  static final long UNLIMITED_BATCH = 1000;

  private final KeyValueStore backend;
  private final ResourceType type;
  private final String prefix;

  Pager(KeyValueStore backend, ResourceType type, String prefix) {
    this.backend = backend;
    this.type = type;
    this.prefix = prefix;
  }

  <T extends HasMetadata> ListResult<T> list(ListOptions options) {
    ContinueToken token = options.continueToken().isEmpty() ? null : ContinueToken.decode(options.continueToken());
    String from = token == null ? prefix : prefix + token.start();
    long revision = token == null ? 0 : token.revision();
    String end = Change.Span.prefixEnd(prefix);
    List<T> items = new ArrayList<>();
    while (true) {
      long want = options.limit() == 0 ? UNLIMITED_BATCH : options.filter().isPresent() ? Math.max(FILTER_BATCH, options.limit()) : options.limit() - items.size();
      Change.Range range = read(new Change.Span(from, end, revision, want), token != null);
      revision = revision == 0 ? range.revision() : revision;
      for (int i = 0; i < range.entries().size(); i++) {
        Entry e = range.entries().get(i);
        T obj = Codec.decode(type, e);
        if (!options.matches(obj)) {
          continue;
        }
        items.add(obj);
        long left = range.entries().size() - 1 - i + range.more();
        if (options.limit() > 0 && items.size() == options.limit() && left > 0) {
          return page(items, revision, e.key(), options.filter().isPresent() ? OptionalLong.empty() : OptionalLong.of(left));
        }
      }
      if (range.more() == 0 || range.entries().isEmpty()) {
        return new ListResult<>(items, revision);
      }
      from = range.entries().get(range.entries().size() - 1).key() + "\0";
    }
  }

  private Change.Range read(Change.Span span, boolean continuing) {
    try {
      return backend.range(span);
    } catch (StoreException e) {
      throw continuing && e.is(StoreException.Reason.GONE) ? ContinueToken.expired() : e;
    }
  }

  private <T extends HasMetadata> ListResult<T> page(List<T> items, long revision, String lastKey, OptionalLong remaining) {
    String token = new ContinueToken(revision, lastKey.substring(prefix.length()) + "\0").encode();
    return new ListResult<>(items, revision, token, remaining);
  }
}
