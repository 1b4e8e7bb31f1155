package dev.podnet.bgp;

/** Closes an interop test's parts in order (speaker, daemon, namespaces), skipping the ones never made; the first failure is thrown after all were tried. */
final class Teardown {
  private Teardown() {}

  static void inOrder(AutoCloseable... parts) throws Exception {
    Exception first = null;
    for (AutoCloseable p : parts) {
      if (p == null) {
        continue;
      }
      try {
        p.close();
      } catch (Exception e) {
        if (first == null) {
          first = e;
        } else {
          first.addSuppressed(e);
        }
      }
    }
    if (first != null) {
      throw first;
    }
  }
}
