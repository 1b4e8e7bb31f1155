package dev.podnet.daemon.api.stream;

import dev.podnet.daemon.api.ApiError;
import dev.podnet.daemon.api.ApiRequest;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/** {@code PodLogOptions} from the query: what part of a log, and how. */
record LogOptions(boolean follow, boolean previous, boolean timestamps, OptionalInt tailLines, OptionalLong limitBytes, Optional<Instant> since) {

  static LogOptions of(ApiRequest r, Instant now) {
    OptionalLong sinceSeconds = positive(r, "sinceSeconds");
    Optional<Instant> since = sinceSeconds.isPresent() ? Optional.of(now.minusSeconds(sinceSeconds.getAsLong())) : Optional.empty();
    String sinceTime = r.param("sinceTime", "");
    if (!sinceTime.isEmpty()) {
      if (since.isPresent()) {
        throw ApiError.invalid("at most one of sinceTime or sinceSeconds may be specified");
      }
      try {
        since = Optional.of(Instant.parse(sinceTime));
      } catch (DateTimeParseException e) {
        throw ApiError.badRequest("sinceTime \"" + sinceTime + "\" is not an RFC 3339 time such as 2026-01-02T15:04:05Z");
      }
    }
    OptionalLong tail = number(r, "tailLines");
    if (tail.isPresent() && tail.getAsLong() < 0) {
      throw ApiError.invalid("tailLines: Invalid value: " + tail.getAsLong() + ": must be greater than or equal to 0");
    }
    return new LogOptions(r.flag("follow"), r.flag("previous"), r.flag("timestamps"),
        tail.isPresent() ? OptionalInt.of((int) Math.min(tail.getAsLong(), Integer.MAX_VALUE)) : OptionalInt.empty(), positive(r, "limitBytes"), since);
  }

  private static OptionalLong positive(ApiRequest r, String name) {
    OptionalLong v = number(r, name);
    if (v.isPresent() && v.getAsLong() < 1) {
      throw ApiError.invalid(name + ": Invalid value: " + v.getAsLong() + ": must be greater than 0");
    }
    return v;
  }

  private static OptionalLong number(ApiRequest r, String name) {
    String v = r.param(name, "");
    if (v.isEmpty()) {
      return OptionalLong.empty();
    }
    try {
      return OptionalLong.of(Long.parseLong(v));
    } catch (NumberFormatException e) {
      throw ApiError.badRequest(name + " \"" + v + "\" is not a whole number");
    }
  }
}
