package dev.podnet.netexec;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * netexec's HTTP routes, each answering as upstream's handler does. Like Go's ServeMux with "/"
 * registered, a path that matches no route is answered by the root handler.
 */
final class Endpoints {
    /** A handler, and whether it may block (dials, shells, waits) and so must leave the event loop. */
    record Route(Function<Request, Reply> handler, boolean blocking) {}

    private final Map<String, Route> routes = new TreeMap<>();
    private final Route root = new Route(r -> logged("GET /", Reply.Answer.ok("NOW: " + GoTime.now())), false);
    private final String hostname;
    private final Readiness readiness;

    Endpoints(String hostname, Readiness readiness, Dial dial) {
        this.hostname = hostname;
        this.readiness = readiness;
        routes.put("/clientip", new Route(r -> logged("GET /clientip", Reply.Answer.ok(r.remoteAddress())), false));
        routes.put("/dial", new Route(dial::answer, true));
        routes.put("/echo", new Route(Endpoints::echo, false));
        routes.put("/exit", new Route(Endpoints::exit, true));
        routes.put("/header", new Route(Endpoints::header, false));
        routes.put("/healthz", new Route(this::healthz, false));
        routes.put("/hostname", new Route(r -> logged("GET /hostname", Reply.Answer.ok(hostname)), false));
        routes.put("/hostName", new Route(r -> logged("GET /hostName", Reply.Answer.ok(hostname)), false));
        routes.put("/readyz", new Route(this::readyz, false));
        routes.put("/redirect", new Route(Redirect::answer, false));
        routes.put("/shell", new Route(Shell::run, true));
        routes.put("/shutdown", new Route(r -> logged("GET /shutdown", new Reply.Exit(0, false)), false));
    }

    Route route(String path) {
        return routes.getOrDefault(path, root);
    }

    String hostname() {
        return hostname;
    }

    private static Reply logged(String line, Reply reply) {
        Log.info(line);
        return reply;
    }

    private static Reply echo(Request r) {
        String msg = r.formValue("msg");
        String codeText = r.formValue("code");
        Log.info("GET /echo?msg=" + msg + "&code=" + codeText);
        if (codeText.isEmpty()) {
            return Reply.Answer.ok(msg);
        }
        try {
            int code = Integer.parseInt(codeText);
            return code < 100 || code > 999 ? new Reply.Hangup() : Reply.Answer.status(code, msg);
        } catch (NumberFormatException e) {
            return Reply.Answer.ok("argument 'code' must be an integer or empty, got " + goQuote(codeText) + "\n");
        }
    }

    private static Reply header(Request r) {
        String key = r.formValue("key");
        if (!key.isEmpty()) {
            Log.info("GET /header?key=" + key);
            return Reply.Answer.ok(r.header(key));
        }
        Log.info("GET /header");
        Map<String, List<String>> all = new TreeMap<>();
        for (Map.Entry<String, String> h : r.headers()) {
            String name = canonical(h.getKey());
            if (!name.equals("Host")) {
                all.computeIfAbsent(name, k -> new ArrayList<>()).add(h.getValue());
            }
        }
        return Reply.Answer.ok(Json.lists(all));
    }

    private Reply healthz(Request r) {
        Log.info("GET /healthz");
        return Reply.Answer.status(readiness.serving() ? 200 : 412, "");
    }

    private Reply readyz(Request r) {
        Log.info("GET /readyz");
        if (readiness.shuttingDown()) {
            return Reply.Answer.status(503, "shutting down");
        }
        return readiness.serving() ? Reply.Answer.ok("ok") : Reply.Answer.status(412, "");
    }

    /** /exit?code=N&timeout=D&wait=D: sleep wait, then exit; with a timeout, answer first. */
    private static Reply exit(Request r) {
        String waitText = r.formValue("wait");
        String timeoutText = r.formValue("timeout");
        String codeText = r.formValue("code");
        Log.info("GET /exit?code=" + codeText + "&timeout=" + timeoutText + "&wait=" + waitText);
        Duration timeout;
        Duration wait;
        try {
            timeout = timeoutText.isEmpty() ? Duration.ZERO : GoDuration.parse(timeoutText);
        } catch (IllegalArgumentException e) {
            return Reply.Answer.ok("argument 'timeout' must be a valid golang duration or empty, got " + goQuote(timeoutText) + "\n");
        }
        try {
            wait = waitText.isEmpty() ? Duration.ZERO : GoDuration.parse(waitText);
        } catch (IllegalArgumentException e) {
            return Reply.Answer.ok("argument 'wait' must be a valid golang duration or empty, got " + goQuote(waitText) + "\n");
        }
        int code;
        try {
            code = codeText.isEmpty() ? 0 : Integer.parseInt(codeText);
        } catch (NumberFormatException e) {
            return Reply.Answer.ok("argument 'code' must be an integer [0-127] or empty, got " + goQuote(codeText) + "\n");
        }
        sleep(wait);
        return new Reply.Exit(code, !timeout.isZero() && !timeout.isNegative());
    }

    private static void sleep(Duration d) {
        try {
            if (!d.isNegative()) {
                Thread.sleep(d.toMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Go's textproto canonical header key: "x-forwarded-for" becomes "X-Forwarded-For". */
    static String canonical(String name) {
        StringBuilder out = new StringBuilder(name.length());
        boolean upper = true;
        for (char c : name.toCharArray()) {
            out.append(upper ? Character.toUpperCase(c) : Character.toLowerCase(c));
            upper = c == '-';
        }
        return out.toString();
    }

    /** Go's %q for the plain strings these messages quote. */
    static String goQuote(String s) {
        return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }
}
