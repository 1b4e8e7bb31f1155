package dev.podnet.cni;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The plugin configuration on stdin, as far as podnet reads it. Keys podnet does not know pass
 * unread (the runtime may add its own); keys that would silently mean something else are refused.
 */
public record NetworkConfig(CniVersion version, String name, OptionalInt mtu, Path socket, Optional<JsonNode> dns,
    Optional<JsonNode> prevResult, List<Attachment> validAttachments) {

  static final ObjectMapper JSON = new ObjectMapper();

  /** Parses stdin: bad JSON is code 6, a bad value code 7, an unsupported version code 1. */
  public static NetworkConfig parse(String stdin) {
    JsonNode root = tree(stdin);
    String v = root.path("cniVersion").asText("");
    if (v.isEmpty()) {
      throw new CniException(CniException.INVALID_CONFIG, "invalid network config", "no cniVersion");
    }
    CniVersion version = CniVersion.parseSupported(v);
    for (String unsupported : List.of("ipam", "ipMasq")) {
      JsonNode n = root.path(unsupported);
      if (!n.isMissingNode() && !n.isNull() && !(n.isBoolean() && !n.asBoolean()) && !(n.isObject() && n.isEmpty())) {
        throw new CniException(CniException.UNSUPPORTED_FIELD, "unsupported field " + unsupported + "=" + n,
            "podnet-cni allocates from the node's pod CIDR and does not masquerade");
      }
    }
    return new NetworkConfig(version, root.path("name").asText(""), mtu(root), socket(root),
        object(root, "dns"), object(root, "prevResult"), attachments(root));
  }

  static JsonNode tree(String stdin) {
    JsonNode root;
    try {
      root = JSON.readTree(stdin);
    } catch (JsonProcessingException e) {
      throw new CniException(CniException.DECODE_FAILURE, "error unmarshalling network config", e.getOriginalMessage());
    }
    if (root == null || !root.isObject()) {
      throw new CniException(CniException.DECODE_FAILURE, "error unmarshalling network config", "stdin is not a JSON object");
    }
    return root;
  }

  private static OptionalInt mtu(JsonNode root) {
    JsonNode n = root.path("mtu");
    if (n.isMissingNode() || n.isNull()) {
      return OptionalInt.empty();
    }
    if (!n.canConvertToInt() || !n.isIntegralNumber() || n.asInt() < 68 || n.asInt() > 65_535) {
      throw new CniException(CniException.INVALID_CONFIG, "invalid network config", "mtu=" + n + " is not an integer in 68-65535");
    }
    return OptionalInt.of(n.asInt());
  }

  private static Path socket(JsonNode root) {
    JsonNode n = root.path("socket");
    if (n.isMissingNode() || n.isNull()) {
      return CniClient.DEFAULT_SOCKET;
    }
    if (!n.isTextual() || !n.asText().startsWith("/")) {
      throw new CniException(CniException.INVALID_CONFIG, "invalid network config", "socket=" + n + " is not an absolute path");
    }
    return Path.of(n.asText());
  }

  private static Optional<JsonNode> object(JsonNode root, String key) {
    JsonNode n = root.path(key);
    if (n.isMissingNode() || n.isNull()) {
      return Optional.empty();
    }
    if (!n.isObject()) {
      throw new CniException(CniException.INVALID_CONFIG, "invalid network config", key + "=" + n + " is not an object");
    }
    return Optional.of(n);
  }

  private static List<Attachment> attachments(JsonNode root) {
    List<Attachment> out = new ArrayList<>();
    for (JsonNode a : root.path("cni.dev/valid-attachments")) {
      String id = a.path("containerID").asText("");
      String ifname = a.path("ifname").asText("");
      if (id.isEmpty() || ifname.isEmpty()) {
        throw new CniException(CniException.INVALID_CONFIG, "invalid network config",
            "cni.dev/valid-attachments entry " + a + " needs containerID and ifname");
      }
      out.add(new Attachment(id, ifname));
    }
    return out;
  }
}
