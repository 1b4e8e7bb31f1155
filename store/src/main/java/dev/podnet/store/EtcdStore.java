package dev.podnet.store;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.common.exception.CompactedException;
import io.etcd.jetcd.kv.TxnResponse;
import io.etcd.jetcd.op.Cmp;
import io.etcd.jetcd.op.CmpTarget;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.DeleteOption;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.PutOption;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The {@link Store} in etcd, laid out as Kubernetes lays it out: key {@code /registry/pods/NS/NAME},
 * value the object's JSON, resourceVersion the key's mod revision, every conditional write one txn
 * comparing it.
 */
public final class EtcdStore extends KeyValueStore implements AutoCloseable {
  /** Longer than any healthy etcd answer on a loaded machine, short enough that a caller sees an outage. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

  private final Client client;
  private final String endpoints;
  private final Duration timeout;
  private final boolean ownsClient;

  /** A store on a client the caller owns and closes. */
  public EtcdStore(Client client) {
    this(client, "etcd", DEFAULT_TIMEOUT, false);
  }

  private EtcdStore(Client client, String endpoints, Duration timeout, boolean ownsClient) {
    this.client = client;
    this.endpoints = endpoints;
    this.timeout = timeout;
    this.ownsClient = ownsClient;
  }

  /** {@link #connect(String, Duration)} with the default 10 s timeout. */
  /** The largest gRPC response the client takes (gRPC's default is 4 MiB; etcd's request limit is 1.5 MiB an object). */
  static final int MAX_MESSAGE = 64 << 20;

  public static EtcdStore connect(String endpoints) {
    return connect(endpoints, DEFAULT_TIMEOUT);
  }

  /**
   * A store on its own client to {@code endpoints} ({@code http://127.0.0.1:2379}, comma-separated
   * for several), closed with the store. While etcd is away a request waits for it up to
   * {@code timeout}, then fails UNAVAILABLE; watches resume by themselves when it is back.
   */
  public static EtcdStore connect(String endpoints, Duration timeout) {
    // lists are read in batches (Pager); this bounds one batch of large objects, not a whole list
    Client client = Client.builder().endpoints(endpoints.split(",")).maxInboundMessageSize(MAX_MESSAGE).build();
    return new EtcdStore(client, endpoints, timeout, true);
  }

  /** The client, for what the store does not wrap (compaction, maintenance). */
  public Client client() {
    return client;
  }

  @Override
  public void close() {
    if (ownsClient) {
      client.close();
    }
  }

  @Override
  Optional<Entry> read(String key) {
    List<KeyValue> kvs = await(client.getKVClient().get(bytes(key)), "get " + key).getKvs();
    return kvs.stream().findFirst().map(EtcdStore::entry);
  }

  @Override
  OptionalLong write(String key, byte[] value, long expected) {
    Op put = Op.put(bytes(key), ByteSequence.from(value), PutOption.DEFAULT);
    return ifModRevision(key, expected, put, "put " + key);
  }

  @Override
  OptionalLong remove(String key, long expected) {
    Op delete = Op.delete(bytes(key), DeleteOption.DEFAULT);
    return ifModRevision(key, expected, delete, "delete " + key);
  }

  @Override
  Change.Range range(Change.Span span) {
    GetOption option = GetOption.builder().withRange(bytes(span.end())).withRevision(span.revision()).withLimit(span.limit())
        .withSortField(GetOption.SortTarget.KEY).withSortOrder(GetOption.SortOrder.ASCEND).build();
    String what = "list " + span.from() + (span.revision() == 0 ? "" : " at revision " + span.revision());
    var response = awaitRange(client.getKVClient().get(bytes(span.from()), option), what, span.revision());
    List<Entry> entries = response.getKvs().stream().map(EtcdStore::entry).toList();
    return new Change.Range(entries, response.getHeader().getRevision(), Math.max(0, response.getCount() - entries.size()));
  }

  /** A read at a compacted revision is GONE, not an outage. */
  private io.etcd.jetcd.kv.GetResponse awaitRange(CompletableFuture<io.etcd.jetcd.kv.GetResponse> future, String what, long revision) {
    try {
      return await(future, what);
    } catch (StoreException e) {
      if (e.getCause() instanceof CompactedException c) {
        throw StoreException.gone(revision, c.getCompactedRevision());
      }
      if (String.valueOf(e.getMessage()).contains("required revision has been compacted")) {
        throw StoreException.gone(revision, 0);
      }
      throw e;
    }
  }

  @Override
  Watch watchPrefix(String prefix, long after, Change.Listener listener) {
    return EtcdWatch.start(client.getWatchClient(), endpoints, prefix, after, listener);
  }

  private OptionalLong ifModRevision(String key, long expected, Op op, String what) {
    Cmp unchanged = new Cmp(bytes(key), Cmp.Op.EQUAL, CmpTarget.modRevision(expected));
    TxnResponse response = await(client.getKVClient().txn().If(unchanged).Then(op).commit(), what);
    return response.isSucceeded() ? OptionalLong.of(response.getHeader().getRevision()) : OptionalLong.empty();
  }

  private <R> R await(CompletableFuture<R> future, String what) {
    try {
      return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      future.cancel(true);
      throw unavailable(what, "interrupted", e);
    } catch (TimeoutException e) {
      future.cancel(true);
      throw unavailable(what, "no answer within " + timeout.toMillis() + " ms (etcd down, unreachable or overloaded)", e);
    } catch (ExecutionException e) {
      throw unavailable(what, e.getCause().getMessage(), e.getCause());
    }
  }

  private StoreException unavailable(String what, String why, Throwable cause) {
    return new StoreException(StoreException.Reason.UNAVAILABLE, what + " on " + endpoints + ": " + why, cause);
  }

  static ByteSequence bytes(String s) {
    return ByteSequence.from(s, StandardCharsets.UTF_8);
  }

  static Entry entry(KeyValue kv) {
    return new Entry(kv.getKey().toString(StandardCharsets.UTF_8), kv.getValue().getBytes(), kv.getModRevision());
  }
}
