package dev.podnet.cni;


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
    String details = e.details().isEmpty() ? "" : ",\"details\":" + JsonText.quote(e.details());
    return new CniResponse(1, "{\"cniVersion\":" + JsonText.quote(cniVersion) + ",\"code\":" + e.code() + ",\"msg\":"
        + JsonText.quote(e.msg()) + details + "}");
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
      Object code = JsonText.object(stdout, "error").get("code");
      return code instanceof Long ? ((Long) code).intValue() : CniException.INTERNAL;
    } catch (CniException e) {
      return CniException.INTERNAL;
    }
  }

  public String toJson() {
    return Wire.encode(this);
  }

  public static CniResponse fromJson(String json) {
    return Wire.decodeResponse(json);
  }
}
