/**
 * The cluster's desired state, kept as Kubernetes' API server keeps it in etcd.
 *
 * <pre>
 *   create/update/delete ──► KeyValueStore ──► txn: if mod_revision(key) == rv then put/delete
 *                             (Strategy: uid, timestamps, generation; Codec: JSON)
 *                                  │
 *        /registry/pods/NS/NAME = {"apiVersion":"v1","kind":"Pod",...}   (etcd, or MemoryStore)
 *                                  │ watch prefix from rv+1, prev_kv
 *                                  ▼
 *   Informer: list (rv R) ─► watch from R ─► one thread: cache + onAdd/onUpdate/onDelete
 *             └── watch ends (GONE after compaction) ─► list again, report the difference
 * </pre>
 *
 * <p>Why this shape: every controller and agent is a loop over informers, and they may only be
 * correct if the store behaves like Kubernetes' — resourceVersion as one cluster-wide revision,
 * optimistic updates, watches that resume exactly after a list. Both backends inherit that
 * behaviour from {@code KeyValueStore}, so tests on {@link dev.podnet.store.MemoryStore} say what
 * happens on etcd; {@code StoreContract} runs the same tests on both to keep it so.
 * {@link dev.podnet.store.EtcdServer} runs the etcd that podnetd owns.
 */
package dev.podnet.store;
