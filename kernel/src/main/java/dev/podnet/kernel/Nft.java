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

  /** Applies {@code script} as one transaction; fails with nft's words and the failing line. */
  void apply(Netns netns, String script);

  /** {@code nft list table FAMILY TABLE}, or empty when there is no such table. */
  Optional<String> list(Netns netns, String family, String table);

  /** Deletes the table; absent counts as success. */
  void deleteTable(Netns netns, String family, String table);
}
