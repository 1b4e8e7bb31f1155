package dev.podnet.store;

/** A running watch. Closing it stops its events; closing twice is harmless. */
public interface Watch extends AutoCloseable {
  @Override
  void close();
}
