package dev.podnet.cni;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** What the plugin prints and how it exits. Errors are the CNI error object with exit code 1. */
public record CniResponse(int exitCode, String stdout) {

  public static final CniResponse EMPTY = new CniResponse(0, "");

  public CniResponse {
    stdout = stdout == null ? "" : stdout;
  }

  public static CniResponse ok(String stdout) {
    return new CniResponse(0, stdout);
  }

  public static CniResponse error(CniException e, String cniVersion) {
    ObjectNode o = NetworkConfig.JSON.createObjectNode();
    o.put("cniVersion", cniVersion);
    o.put("code", e.code());
    o.put("msg", e.msg());
    if (!e.details().isEmpty()) {
      o.put("details", e.details());
    }
    return new CniResponse(1, o.toString());
  }

  public boolean ok() {
    return exitCode == 0;
  }

  /** The error code of an error reply, 0 for success. */
  public int errorCode() {
    if (ok()) {
      return 0;
    }
    try {
      return NetworkConfig.JSON.readTree(stdout).path("code").asInt(CniException.INTERNAL);
    } catch (JsonProcessingException e) {
      return CniException.INTERNAL;
    }
  }

  public String toJson() {
    return Wire.encode(this);
  }

  public static CniResponse fromJson(String json) {
    return Wire.decode(json, CniResponse.class, "the agent's reply");
  }
}
