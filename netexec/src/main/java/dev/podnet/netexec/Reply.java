package dev.podnet.netexec;

import java.util.LinkedHashMap;
import java.util.Map;

/** What a netexec handler wants done with its request: answer, hang up, or end the process. */
sealed interface Reply {

    /** A response; Date and Content-Length are added on the way out, Content-Type when the body is text. */
    record Answer(int status, Map<String, String> headers, String body) implements Reply {
        static Answer ok(String body) {
            return new Answer(200, Map.of(), body);
        }

        static Answer status(int status, String body) {
            return new Answer(status, Map.of(), body);
        }

        /** Go's http.Error: the message plus a newline, never sniffed. */
        static Answer error(int status, String message) {
            Map<String, String> headers = new LinkedHashMap<>();
            headers.put("Content-Type", "text/plain; charset=utf-8");
            headers.put("X-Content-Type-Options", "nosniff");
            return new Answer(status, headers, message + "\n");
        }
    }

    /** Close the connection without a response, as Go does when a handler panics. */
    record Hangup() implements Reply {}

    /**
     * End the process with {@code code}; with {@code answerFirst} an empty 200 goes out first (a
     * graceful /exit), otherwise the client sees the connection drop (/shutdown, /exit without timeout).
     */
    record Exit(int code, boolean answerFirst) implements Reply {}
}
