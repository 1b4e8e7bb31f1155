package dev.podnet.daemon.auth;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.podnet.api.Json;
import dev.podnet.daemon.api.ApiError;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * A TokenRequest in Kubernetes' protobuf encoding, read into its JSON shape. kubectl's typed
 * client (as in {@code kubectl create token}) sends built-in kinds as protobuf and does not fall
 * back to JSON, so this one subresource reads it: the {@code k8s\0} envelope ({@code
 * runtime.Unknown}: raw = field 2), then TokenRequest.spec (field 2) with audiences (1),
 * boundObjectRef (3: kind 1, name 3) and expirationSeconds (4), per authentication/v1's
 * generated.proto. Only what the endpoint uses is kept.
 */
final class ProtobufTokenRequest {
  private static final byte[] MAGIC = {'k', '8', 's', 0};

  private ProtobufTokenRequest() {}

  static ObjectNode read(byte[] body) {
    try {
      for (int i = 0; i < MAGIC.length; i++) {
        if (body.length < MAGIC.length || body[i] != MAGIC[i]) {
          throw new IllegalArgumentException("no k8s protobuf envelope");
        }
      }
      byte[] raw = field(ByteBuffer.wrap(body, MAGIC.length, body.length - MAGIC.length), 2);
      ObjectNode out = Json.mapper().createObjectNode();
      byte[] spec = raw == null ? null : field(ByteBuffer.wrap(raw), 2);
      out.set("spec", spec == null ? Json.mapper().createObjectNode() : spec(spec));
      return out;
    } catch (RuntimeException e) {
      throw ApiError.badRequest("the request body is not a protobuf TokenRequest: " + e.getMessage());
    }
  }

  private static ObjectNode spec(byte[] bytes) {
    ObjectNode spec = Json.mapper().createObjectNode();
    ArrayNode audiences = spec.putArray("audiences");
    ByteBuffer b = ByteBuffer.wrap(bytes);
    while (b.hasRemaining()) {
      long key = varint(b);
      int field = (int) (key >>> 3);
      int wire = (int) (key & 7);
      if (field == 4 && wire == 0) {
        spec.put("expirationSeconds", varint(b));
      } else if (wire == 2) {
        byte[] v = bytes(b);
        if (field == 1) {
          audiences.add(new String(v, StandardCharsets.UTF_8));
        } else if (field == 3) {
          ByteBuffer ref = ByteBuffer.wrap(v);
          ObjectNode r = spec.putObject("boundObjectRef");
          r.put("kind", strField(ref, 1));
          r.put("name", strField(ByteBuffer.wrap(v), 3));
        }
      } else {
        skip(b, wire);
      }
    }
    if (audiences.isEmpty()) {
      spec.remove("audiences");
    }
    return spec;
  }

  private static String strField(ByteBuffer b, int wanted) {
    byte[] v = field(b, wanted);
    return v == null ? "" : new String(v, StandardCharsets.UTF_8);
  }

  /** The first length-delimited field numbered {@code wanted}, or null. */
  private static byte[] field(ByteBuffer b, int wanted) {
    while (b.hasRemaining()) {
      long key = varint(b);
      int wire = (int) (key & 7);
      if (wire == 2) {
        byte[] v = bytes(b);
        if ((key >>> 3) == wanted) {
          return v;
        }
      } else {
        skip(b, wire);
      }
    }
    return null;
  }

  private static byte[] bytes(ByteBuffer b) {
    byte[] v = new byte[(int) varint(b)];
    b.get(v);
    return v;
  }

  private static void skip(ByteBuffer b, int wire) {
    switch (wire) {
      case 0 -> varint(b);
      case 1 -> b.position(b.position() + 8);
      case 5 -> b.position(b.position() + 4);
      default -> throw new IllegalArgumentException("unsupported protobuf wire type " + wire);
    }
  }

  private static long varint(ByteBuffer b) {
    long v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      byte x = b.get();
      v |= (long) (x & 0x7f) << shift;
      if ((x & 0x80) == 0) {
        return v;
      }
    }
    throw new IllegalArgumentException("varint too long");
  }
}
