package dev.podnet.cni;

import java.util.Map;

/**
 * The JSON form of the messages between podnet-cni and its agent: flat objects of strings (and
 * the exit code), written and read without Jackson so the executable starts fast.
 */
final class Wire {
  private Wire() {}

  static String encode(CniRequest r) {
    return "{\"command\":" + JsonText.quote(r.command().name()) + ",\"containerId\":" + JsonText.quote(r.containerId())
        + ",\"netns\":" + JsonText.quote(r.netns()) + ",\"ifname\":" + JsonText.quote(r.ifname())
        + ",\"args\":" + JsonText.quote(r.args()) + ",\"path\":" + JsonText.quote(r.path())
        + ",\"config\":" + JsonText.quote(r.config()) + "}";
  }

  static String encode(CniResponse r) {
    return "{\"exitCode\":" + r.exitCode() + ",\"stdout\":" + JsonText.quote(r.stdout()) + "}";
  }

  static CniRequest decodeRequest(String json) {
    Map<String, Object> m = JsonText.object(json, "CNI request from the plugin");
    return new CniRequest(CniCommand.parse(text(m, "command")), text(m, "containerId"), text(m, "netns"), text(m, "ifname"),
        text(m, "args"), text(m, "path"), text(m, "config"));
  }

  static CniResponse decodeResponse(String json) {
    Map<String, Object> m = JsonText.object(json, "the agent's reply");
    Object code = m.get("exitCode");
    if (!(code instanceof Long)) {
      throw new CniException(CniException.DECODE_FAILURE, "error unmarshalling the agent's reply", "no integer exitCode in " + json);
    }
    return new CniResponse(((Long) code).intValue(), text(m, "stdout"));
  }

  private static String text(Map<String, Object> m, String key) {
    Object v = m.get(key);
    return v instanceof String ? (String) v : "";
  }
}
