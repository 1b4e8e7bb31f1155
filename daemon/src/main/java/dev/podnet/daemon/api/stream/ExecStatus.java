package dev.podnet.daemon.api.stream;

import dev.podnet.api.Json;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What exec's error channel carries at the end (v4+): a {@code metav1.Status}. client-go turns a
 * Failure with reason {@code NonZeroExitCode} and a cause {@code ExitCode} into the exit code
 * kubectl exits with; any other Failure into an error message.
 */
public final class ExecStatus {
  private ExecStatus() {}

  public static byte[] exited(int code, List<String> command) {
    Map<String, Object> s = base(code == 0 ? "Success" : "Failure");
    if (code != 0) {
      s.put("message", "command terminated with non-zero exit code: command " + command + " exited with " + code);
      s.put("reason", "NonZeroExitCode");
      s.put("details", Map.of("causes", List.of(Map.of("reason", "ExitCode", "message", Integer.toString(code)))));
    }
    return json(s);
  }

  /** The command could not run to its end for a reason of podnetd's: kubectl prints {@code message}. */
  public static byte[] failed(String message) {
    Map<String, Object> s = base("Failure");
    s.put("message", message);
    s.put("reason", "InternalError");
    return json(s);
  }

  private static Map<String, Object> base(String status) {
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("metadata", Map.of());
    s.put("status", status);
    return s;
  }

  private static byte[] json(Map<String, Object> s) {
    return Json.write(s).getBytes(StandardCharsets.UTF_8);
  }
}
