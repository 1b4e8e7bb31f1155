package dev.podnet.store;

/** A key's value and the revision that last wrote it (or, in a DELETED change, deleted it). */
record Entry(String key, byte[] value, long modRevision) {}
