package dev.podnet.cni;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * One plugin invocation: the {@code CNI_*} environment and the config on stdin, as the runtime
 * gave them (absent variables are empty strings). It is also the message the plugin executable
 * sends to its agent, so both sides validate the same way.
 */
public record CniRequest(CniCommand command, String containerId, String netns, String ifname, String args, String path,
    String config) {

  private static final Pattern CONTAINER_ID = Pattern.compile("^[a-zA-Z0-9][a-zA-Z0-9_.\\-]*$");

  public CniRequest {
    containerId = nonNull(containerId);
    netns = nonNull(netns);
    ifname = nonNull(ifname);
    args = nonNull(args);
    path = nonNull(path);
    config = nonNull(config);
  }

  /** Reads {@code CNI_COMMAND} and friends; only a missing or unknown command fails here (code 4). */
  public static CniRequest fromEnv(Map<String, String> env, String stdin) {
    String command = env.getOrDefault("CNI_COMMAND", "");
    if (command.isEmpty()) {
      throw new CniException(CniException.INVALID_ENVIRONMENT, "required env variables [CNI_COMMAND] missing");
    }
    return new CniRequest(CniCommand.parse(command), env.get("CNI_CONTAINERID"), env.get("CNI_NETNS"), env.get("CNI_IFNAME"),
        env.get("CNI_ARGS"), env.get("CNI_PATH"), stdin);
  }

  /** The environment a runtime would set for this request (for running a plugin binary). */
  public Map<String, String> toEnv() {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("CNI_COMMAND", command.name());
    env.put("CNI_CONTAINERID", containerId);
    env.put("CNI_NETNS", netns);
    env.put("CNI_IFNAME", ifname);
    env.put("CNI_ARGS", args);
    env.put("CNI_PATH", path);
    return env;
  }

  /**
   * Checks the variables {@code command} needs (libcni skel rules): all problems in one code-4
   * error naming the variables.
   */
  public void validate() {
    boolean attach = command == CniCommand.ADD || command == CniCommand.CHECK || command == CniCommand.DEL;
    if (!attach) {
      return;
    }
    List<String> missing = new ArrayList<>();
    if (containerId.isEmpty()) {
      missing.add("CNI_CONTAINERID");
    }
    if (netns.isEmpty() && command != CniCommand.DEL) {
      missing.add("CNI_NETNS");
    }
    if (ifname.isEmpty()) {
      missing.add("CNI_IFNAME");
    }
    if (!missing.isEmpty()) {
      throw new CniException(CniException.INVALID_ENVIRONMENT, "required env variables " + missing + " missing");
    }
    if (!CONTAINER_ID.matcher(containerId).matches()) {
      throw new CniException(CniException.INVALID_ENVIRONMENT, "invalid CNI_CONTAINERID '" + containerId + "'",
          "it must start with a letter or digit, then letters, digits, '_', '.', '-'");
    }
    if (!isValidIfname(ifname)) {
      throw new CniException(CniException.INVALID_ENVIRONMENT, "invalid CNI_IFNAME '" + ifname + "'",
          "1-15 characters, no '/', ':' or white space, not '.' or '..'");
    }
    argsMap();
  }

  /** {@code CNI_ARGS} as key/value pairs; unknown keys are kept (Kubernetes always sends some). */
  public Map<String, String> argsMap() {
    Map<String, String> out = new LinkedHashMap<>();
    for (String pair : args.split(";")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      if (eq <= 0) {
        throw new CniException(CniException.INVALID_ENVIRONMENT, "invalid CNI_ARGS '" + args + "'",
            "pair '" + pair + "' is not KEY=VALUE");
      }
      out.put(pair.substring(0, eq), pair.substring(eq + 1));
    }
    return out;
  }

  public Attachment attachment() {
    return new Attachment(containerId, ifname);
  }

  public String toJson() {
    return Wire.encode(this);
  }

  public static CniRequest fromJson(String json) {
    return Wire.decodeRequest(json);
  }

  static boolean isValidIfname(String name) {
    return !name.isEmpty() && name.length() <= 15 && !name.equals(".") && !name.equals("..")
        && name.chars().noneMatch(c -> c == '/' || c == ':' || Character.isWhitespace(c));
  }

  private static String nonNull(String s) {
    return s == null ? "" : s;
  }
}
