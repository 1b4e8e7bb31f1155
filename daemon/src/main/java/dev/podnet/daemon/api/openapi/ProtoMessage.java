package dev.podnet.daemon.api.openapi;

import com.google.protobuf.CodedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * One protobuf message being written, field by field, in proto3's encoding: defaults (empty
 * strings, false) are left out, nested messages are length-delimited bytes of their own.
 */
final class ProtoMessage {
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final CodedOutputStream out = CodedOutputStream.newInstance(bytes);

  ProtoMessage string(int field, String value) {
    if (!value.isEmpty()) {
      write(() -> out.writeString(field, value));
    }
    return this;
  }

  /** One element of a repeated string: written even when empty, or the list would shift. */
  ProtoMessage element(int field, String value) {
    write(() -> out.writeString(field, value));
    return this;
  }

  ProtoMessage bool(int field, boolean value) {
    if (value) {
      write(() -> out.writeBool(field, true));
    }
    return this;
  }

  ProtoMessage int64(int field, long value) {
    if (value != 0) {
      write(() -> out.writeInt64(field, value));
    }
    return this;
  }

  ProtoMessage float64(int field, double value) {
    if (value != 0) {
      write(() -> out.writeDouble(field, value));
    }
    return this;
  }

  /** A nested message, written even when empty: presence says something (an empty {@code properties}). */
  ProtoMessage message(int field, ProtoMessage value) {
    byte[] b = value.toByteArray();
    write(() -> out.writeByteArray(field, b));
    return this;
  }

  byte[] toByteArray() {
    write(out::flush);
    return bytes.toByteArray();
  }

  private interface Write {
    void run() throws IOException;
  }

  private static void write(Write w) {
    try {
      w.run();
    } catch (IOException e) {
      // a ByteArrayOutputStream does not fail; CodedOutputStream declares it anyway
      throw new UncheckedIOException("writing a protobuf message into memory", e);
    }
  }
}
