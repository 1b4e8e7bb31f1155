package dev.podnet.daemon.api;

import dev.podnet.store.StoreException;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.security.SecureRandom;
import java.util.Random;
import java.util.function.Function;

/**
 * {@code metadata.generateName}: the name is the prefix plus five random characters, drawn again
 * when the store already has that name, as upstream's API server does (RetryGenerateName).
 */
final class GeneratedNames {
  /** No vowels (no words) and no look-alikes (0/o, 1/l), as upstream. */
  static final String ALPHABET = "bcdfghjklmnpqrstvwxz2456789";
  static final int SUFFIX = 5;
  /** A name is at most 63 characters; the prefix leaves room for the suffix. */
  static final int MAX_PREFIX = 63 - SUFFIX;
  private static final int ATTEMPTS = 8;
  private static final Random RANDOM = new SecureRandom();

  private GeneratedNames() {}

  /** True if {@code obj} asks for a generated name. */
  static boolean wanted(HasMetadata obj) {
    String name = obj.getMetadata().getName();
    String prefix = obj.getMetadata().getGenerateName();
    return (name == null || name.isEmpty()) && prefix != null && !prefix.isEmpty();
  }

  static String generate(String prefix) {
    StringBuilder b = new StringBuilder(prefix.length() > MAX_PREFIX ? prefix.substring(0, MAX_PREFIX) : prefix);
    for (int i = 0; i < SUFFIX; i++) {
      b.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
    }
    return b.toString();
  }

  /**
   * {@code create} with a fresh name each attempt while the name is taken; an object with a name of
   * its own is created once.
   */
  static <R> R create(HasMetadata obj, Function<HasMetadata, R> create) {
    if (!wanted(obj)) {
      return create.apply(obj);
    }
    StoreException last = null;
    for (int i = 0; i < ATTEMPTS; i++) {
      obj.getMetadata().setName(generate(obj.getMetadata().getGenerateName()));
      try {
        return create.apply(obj);
      } catch (StoreException e) {
        if (!e.is(StoreException.Reason.ALREADY_EXISTS)) {
          throw e;
        }
        last = e;
      }
    }
    throw last;
  }
}
