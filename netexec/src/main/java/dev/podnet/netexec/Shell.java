package dev.podnet.netexec;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * /shell: {@code /bin/sh -c cmd} with stdout and stderr combined, answered as upstream's JSON
 * {@code {"error":"exit status 1","output":"…"}}, each key omitted when empty, status 200 either way.
 */
final class Shell {
    private static final String SHELL = "/bin/sh";

    private Shell() {
    }

    static Reply run(Request request) {
        String cmd = request.formValue("shellCommand");
        if (cmd.isEmpty()) {
            cmd = request.formValue("cmd");
        }
        Log.info("GET /shell?cmd=" + cmd);
        Map<String, String> result = new LinkedHashMap<>();
        try {
            Process process = new ProcessBuilder(SHELL, "-c", cmd).redirectErrorStream(true).start();
            process.getOutputStream().close();
            byte[] output = process.getInputStream().readAllBytes();
            int status = process.waitFor();
            if (output.length > 0) {
                result.put("output", new String(output, java.nio.charset.StandardCharsets.UTF_8));
            }
            if (status != 0) {
                result.put("error", "exit status " + status);
            }
        } catch (IOException e) {
            result.put("error", "fork/exec " + SHELL + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            result.put("error", "interrupted waiting for " + SHELL + " -c " + cmd);
        }
        return Reply.Answer.ok(Json.strings(result));
    }
}
