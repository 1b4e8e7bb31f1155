package dev.podnet.netexec;

import java.util.List;
import java.util.Map;

/**
 * One HTTP request as netexec's handlers see it, apart from Netty.
 *
 * @param query  the URL's query parameters, decoded
 * @param form   Go's r.Form: the query, with a url-encoded POST/PUT/PATCH body's values first
 * @param headers the request headers in arrival order, names as sent
 * @param remoteAddress Go's r.RemoteAddr: {@code ip:port}, {@code [v6]:port}
 */
record Request(String method, String path, Map<String, List<String>> query, Map<String, List<String>> form,
               List<Map.Entry<String, String>> headers, String remoteAddress) {

    /** Go's r.FormValue: the first value, or "" when absent. */
    String formValue(String name) {
        List<String> values = form.get(name);
        return values == null || values.isEmpty() ? "" : values.get(0);
    }

    /** Go's URL.Query().Get. */
    String queryValue(String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? "" : values.get(0);
    }

    /** Go's Header.Get: the first value of the header, any case; "" when absent. */
    String header(String name) {
        for (Map.Entry<String, String> h : headers) {
            if (h.getKey().equalsIgnoreCase(name)) {
                return h.getValue();
            }
        }
        return "";
    }
}
