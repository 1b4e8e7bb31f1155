package dev.podnet.store;

class MemoryStoreTest extends StorePagingContract {
  private MemoryStore memory;

  @Override
  Store emptyStore() {
    memory = new MemoryStore();
    return memory;
  }

  @Override
  void compact(long revision) {
    memory.compact(revision);
  }
}
