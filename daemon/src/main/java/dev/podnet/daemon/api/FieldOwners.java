package dev.podnet.daemon.api;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import dev.podnet.api.Json;
import dev.podnet.daemon.api.patch.FieldManager;
import dev.podnet.daemon.api.patch.Manager;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntry;
import java.util.List;

/** Records who changed which fields of a typed object (an Update in managedFields), for PUT, POST and PATCH. */
final class FieldOwners {
  private static final TypeReference<List<ManagedFieldsEntry>> ENTRIES = new TypeReference<>() {};

  private FieldOwners() {}

  /** The writer of {@code r}: {@code ?fieldManager=}, else the User-Agent's product. */
  static Manager manager(ApiRequest r, ObjectPath p) {
    return Manager.of(r.param("fieldManager", ""), r.header("user-agent", ""), p.type().apiVersion(), p.subresource());
  }

  /** Sets {@code updated}'s managedFields after {@code r} wrote it over {@code old} (null on create). */
  static void recordUpdate(ApiRequest r, ObjectPath p, HasMetadata old, HasMetadata updated) {
    JsonNode before = old == null ? null : Json.mapper().valueToTree(old);
    JsonNode managed = FieldManager.update(before, Json.mapper().valueToTree(updated), manager(r, p));
    updated.getMetadata().setManagedFields(Json.mapper().convertValue(managed, ENTRIES));
  }
}
