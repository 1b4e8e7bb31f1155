package dev.podnet.netexec;

import java.util.List;
import java.util.Locale;

/**
 * The Content-Type Go's net/http picks for a body the handler left untyped (DetectContentType),
 * for the bodies netexec writes: HTML-looking text, XML, binary, or plain UTF-8 text.
 */
final class Sniff {
    private static final List<String> HTML_TAGS = List.of("<!DOCTYPE HTML", "<HTML", "<HEAD", "<SCRIPT", "<IFRAME",
            "<H1", "<DIV", "<FONT", "<TABLE", "<A", "<STYLE", "<TITLE", "<B", "<BODY", "<BR", "<P", "<!--");

    private Sniff() {
    }

    static String contentType(String body) {
        String text = body.stripLeading();
        String upper = text.substring(0, Math.min(text.length(), 16)).toUpperCase(Locale.ROOT);
        for (String tag : HTML_TAGS) {
            if (upper.startsWith(tag) && upper.length() > tag.length()
                    && (upper.charAt(tag.length()) == ' ' || upper.charAt(tag.length()) == '>')) {
                return "text/html; charset=utf-8";
            }
        }
        if (text.startsWith("<?xml")) {
            return "text/xml; charset=utf-8";
        }
        for (int i = 0; i < Math.min(body.length(), 512); i++) {
            char c = body.charAt(i);
            if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != 0x1b) {
                return "application/octet-stream";
            }
        }
        return "text/plain; charset=utf-8";
    }
}
