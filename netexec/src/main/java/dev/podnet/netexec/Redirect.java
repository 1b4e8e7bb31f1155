package dev.podnet.netexec;

import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * /redirect?location=L&code=C as Go's http.Redirect answers it: a relative location is made
 * absolute against the request's directory and cleaned; GET gets a tiny HTML body, HEAD only its
 * Content-Type, other methods neither.
 */
final class Redirect {
    private Redirect() {
    }

    static Reply answer(Request request) {
        String location = request.formValue("location");
        String codeText = request.formValue("code");
        Log.info(request.method() + " /redirect?msg=" + location + "&code=" + codeText);
        int code = 302;
        if (!codeText.isEmpty()) {
            try {
                code = Integer.parseInt(codeText);
            } catch (NumberFormatException e) {
                return Reply.Answer.ok("argument 'code' must be an integer or empty, got " + Endpoints.goQuote(codeText) + "\n");
            }
        }
        if (code < 100 || code > 999) {
            return new Reply.Hangup();
        }
        String target = absolute(request.path(), location);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Location", target);
        String body = "";
        if (request.method().equals("GET") || request.method().equals("HEAD")) {
            headers.put("Content-Type", "text/html; charset=utf-8");
        }
        if (request.method().equals("GET")) {
            body = "<a href=\"" + htmlEscape(target) + "\">" + HttpResponseStatus.valueOf(code).reasonPhrase() + "</a>.\n\n";
        }
        return new Reply.Answer(code, headers, body);
    }

    static String absolute(String requestPath, String location) {
        if (location.contains("://") || location.startsWith("//")) {
            return location;
        }
        String url = location;
        if (url.isEmpty() || url.charAt(0) != '/') {
            String old = requestPath.isEmpty() ? "/" : requestPath;
            url = old.substring(0, old.lastIndexOf('/') + 1) + url;
        }
        String query = "";
        int q = url.indexOf('?');
        if (q >= 0) {
            query = url.substring(q);
            url = url.substring(0, q);
        }
        boolean trailing = url.endsWith("/");
        url = clean(url);
        if (trailing && !url.endsWith("/")) {
            url += "/";
        }
        return url + query;
    }

    /** Go's path.Clean for an absolute path. */
    private static String clean(String path) {
        Deque<String> parts = new ArrayDeque<>();
        for (String part : path.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                parts.pollLast();
            } else {
                parts.addLast(part);
            }
        }
        return "/" + String.join("/", parts);
    }

    private static String htmlEscape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
                .replace("\"", "&#34;").replace("'", "&#39;");
    }
}
