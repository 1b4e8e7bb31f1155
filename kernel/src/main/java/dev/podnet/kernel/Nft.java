package dev.podnet.kernel;

import java.util.Optional;

/**
 * nftables in one namespace: whole transactions in, listings out. A script is applied by one
 * {@code nft -f -}, so the kernel sees it as one atomic batch: packets meet either the old rules
 * or the new ones, never a half-written table.
 */
public interface Nft {

  /** The real one: runs {@code nft} inside the namespace. */
  static Nft tool() {
    return new NftTool();
  }

  /**
   * Like {@link #tool()}, but {@link #apply} goes through one long-lived {@code nft -i} per
   * namespace (no fork per transaction); {@link #release} ends a namespace's session.
   */
  static Nft session() {
    return new NftSession();
  }

  /** Applies {@code script} as one transaction; fails with nft's words and the failing line. */
  void apply(Netns netns, String script);

  /** {@code nft list table FAMILY TABLE}, or empty when there is no such table. */
  Optional<String> list(Netns netns, String family, String table);

  /**
   * {@code nft -t list WORDS}, e.g. {@code chains ip} or {@code sets ip}: declarations only, no
   * rules and no set elements, so cheap even at tens of thousands of chains. Empty when absent.
   */
  Optional<String> listTerse(Netns netns, String... words);

  /** {@code nft list WORDS} of one small object, e.g. {@code set ip podnet state}; empty when absent. */
  Optional<String> listObject(Netns netns, String... words);

  /** Deletes the table; absent counts as success. */
  void deleteTable(Netns netns, String family, String table);

  /** Ends whatever this holds open in the namespace (a session keeps it alive); nothing by default. */
  default void release(Netns netns) {}
}
