package dev.podnet.controller;

/**
 * A control loop: informers whose handlers only enqueue keys, and one worker thread that syncs each
 * queued key (read the current state, compute, write the difference). {@link #start} returns at
 * once; the worker begins once its informers have listed.
 */
public interface Controller extends AutoCloseable {

  void start();

  /** Stops the worker (a sync in progress finishes) and the informers it owns; closing twice is harmless. */
  @Override
  void close();
}
