package dev.podnet.cni;

import com.fasterxml.jackson.core.JsonProcessingException;

/** The JSON form of the messages between podnet-cni and its agent ({@link CniRequest}, {@link CniResponse}). */
final class Wire {
  private Wire() {}

  static String encode(Object message) {
    try {
      return NetworkConfig.JSON.writeValueAsString(message);
    } catch (JsonProcessingException e) {
      throw new CniException(CniException.INTERNAL, "encode " + message.getClass().getSimpleName(), e.getMessage());
    }
  }

  /** {@code what} says which side sent it, for the code-6 error. */
  static <T> T decode(String json, Class<T> type, String what) {
    try {
      return NetworkConfig.JSON.readValue(json, type);
    } catch (JsonProcessingException e) {
      throw new CniException(CniException.DECODE_FAILURE, "decode " + what, e.getOriginalMessage());
    }
  }
}
