package dev.podnet.kernel;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Marks a test class that runs on the real kernel: it needs root (skipped with a reason outside
 * CI, failed inside it), names everything with {@link KernelTestSupport#prefix()}, gets every
 * namespace with that prefix removed after each test, and fails if the root namespace's links,
 * routes, neighbors or nft ruleset changed.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(KernelTestSupport.class)
public @interface KernelTest {}
