/**
 * PATCH as the Kubernetes API server does it, as pure functions on JSON trees:
 *
 * <pre>
 *   live object ──┬─ json-patch+json ─────────── JsonPatch (RFC 6902)
 *                 ├─ merge-patch+json ────────── MergePatch (RFC 7386)
 *                 ├─ strategic-merge-patch+json  StrategicMerge + MergeKeys (lists by merge key, $-directives)
 *                 └─ apply-patch+yaml ────────── FieldManager.apply (ownership, conflicts, removal)
 *                                                 └─ StrategicMerge to merge the configuration
 *   patched tree → (daemon.api) decode, default, validate, FieldManager.update → store
 * </pre>
 *
 * <p>Nothing here touches the store: the endpoint reads the live object, calls one function, and
 * writes the result through the same path as PUT, so a patched object is checked exactly like an
 * updated one. managedFields are read and written as FieldsV1 ({@link FieldSet}), so kubectl's
 * {@code --show-managed-fields} and client libraries see upstream's format.
 */
package dev.podnet.daemon.api.patch;
