package dev.podnet.netexec;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The few JSON documents agnhost writes, byte for byte as Go's encoding/json writes them: keys
 * sorted, and {@code <}, {@code >}, {@code &}, U+2028 and U+2029 escaped. Hand-written because
 * Jackson costs about 300 ms of start-up in every container.
 */
final class Json {
    private Json() {
    }

    /** An object of strings, e.g. /shell's {"error":…,"output":…}. */
    static String strings(Map<String, String> fields) {
        StringBuilder out = new StringBuilder("{");
        new TreeMap<>(fields).forEach((k, v) -> {
            comma(out);
            quote(out, k).append(':');
            quote(out, v);
        });
        return out.append('}').toString();
    }

    /** An object of string lists, e.g. /dial's {"errors":[…],"responses":[…]} or /header's headers. */
    static String lists(Map<String, List<String>> fields) {
        StringBuilder out = new StringBuilder("{");
        new TreeMap<>(fields).forEach((k, values) -> {
            comma(out);
            quote(out, k).append(":[");
            for (int i = 0; i < values.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                quote(out, values.get(i));
            }
            out.append(']');
        });
        return out.append('}').toString();
    }

    private static void comma(StringBuilder out) {
        if (out.length() > 1) {
            out.append(',');
        }
    }

    private static StringBuilder quote(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"': out.append("\\\""); break;
                case '\\': out.append("\\\\"); break;
                case '\n': out.append("\\n"); break;
                case '\r': out.append("\\r"); break;
                case '\t': out.append("\\t"); break;
                default:
                    if (c < 0x20 || c == '<' || c == '>' || c == '&' || c == '\u2028' || c == '\u2029') {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
            }
        }
        return out.append('"');
    }
}
