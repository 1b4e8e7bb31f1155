package dev.podnet.daemon.api.openapi;

import java.util.List;

/** A query parameter of an operation, as upstream documents it. */
record Param(String name, String type, String description) {
  static final Param PRETTY = new Param("pretty", "string", "If 'true', then the output is pretty printed.");
  static final Param DRY_RUN = new Param("dryRun", "string", "When present, indicates that modifications should not be persisted. "
      + "Valid values are: - All: all dry run stages will be processed");
  static final Param FIELD_MANAGER = new Param("fieldManager", "string", "fieldManager is a name associated with the actor or entity that is "
      + "making these changes.");
  /** kubectl's QueryParamVerifier looks for this one on PATCH: when present, kubectl leaves validation to the server. */
  static final Param FIELD_VALIDATION = new Param("fieldValidation", "string", "fieldValidation instructs the server on how to handle objects in "
      + "the request (POST/PUT/PATCH) containing unknown or duplicate fields. Valid values are: - Ignore: unknown fields are silently dropped. "
      + "- Warn: a warning is sent for each unknown or duplicate field. - Strict: the request fails with a BadRequest error listing them.");
  static final Param FORCE = new Param("force", "boolean", "Force is going to \"force\" Apply requests. It means user will re-acquire "
      + "conflicting fields owned by other people. Force flag must be unset for non-apply patch requests.");

  static final List<Param> LIST = List.of(
      new Param("allowWatchBookmarks", "boolean", "allowWatchBookmarks requests watch events with type \"BOOKMARK\"."),
      new Param("continue", "string", "The continue option should be set when retrieving more results from the server."),
      new Param("fieldSelector", "string", "A selector to restrict the list of returned objects by their fields. Defaults to everything."),
      new Param("labelSelector", "string", "A selector to restrict the list of returned objects by their labels. Defaults to everything."),
      new Param("limit", "integer", "limit is a maximum number of responses to return for a list call."),
      new Param("resourceVersion", "string", "resourceVersion sets a constraint on what resource versions a request may be served from."),
      new Param("resourceVersionMatch", "string", "resourceVersionMatch determines how resourceVersion is applied to list calls."),
      new Param("sendInitialEvents", "boolean", "`sendInitialEvents=true` may be set together with `watch=true`."),
      new Param("timeoutSeconds", "integer", "Timeout for the list/watch call."),
      new Param("watch", "boolean", "Watch for changes to the described resources and return them as a stream of add, update, and remove "
          + "notifications."));

  static final List<Param> WRITE = List.of(DRY_RUN, FIELD_MANAGER, FIELD_VALIDATION);
  static final List<Param> PATCH = List.of(DRY_RUN, FIELD_MANAGER, FIELD_VALIDATION, FORCE);
  static final List<Param> DELETE = List.of(DRY_RUN,
      new Param("gracePeriodSeconds", "integer", "The duration in seconds before the object should be deleted."),
      new Param("propagationPolicy", "string", "Whether and how garbage collection will be performed: 'Orphan', 'Background' or 'Foreground'."));
}
