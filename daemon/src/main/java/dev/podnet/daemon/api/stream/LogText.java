package dev.podnet.daemon.api.stream;

import dev.podnet.lab.runtime.LogTimes;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalLong;

/** The pure part of logs: cutting a log's text by lines, time and bytes, and stamping lines. */
final class LogText {
  private LogText() {}

  /** Text to send and the file offset it ends at. */
  record Part(String text, long end) {}

  /** Text cut to a byte budget, and what is left of the budget (empty: no limit). */
  record Limited(String text, OptionalLong remaining) {
    boolean exhausted() {
      return remaining.isPresent() && remaining.getAsLong() <= 0;
    }
  }

  /** Whole lines, and the bytes of a line not finished yet. */
  record Lines(String text, byte[] rest) {}

  /**
   * What a log file holds now, as {@code o} wants it (without the byte limit). Each line's time is
   * the latest it can have been written ({@link LogTimes}); {@code since} keeps the lines whose
   * time is not before it.
   */
  static Part history(Path file, LogOptions o) throws IOException {
    if (!Files.exists(file)) {
      return new Part("", 0);
    }
    byte[] all = Files.readAllBytes(file);
    LogTimes times = LogTimes.read(file);
    List<String> lines = lines(new String(all, StandardCharsets.UTF_8));
    List<Instant> writtenBy = new ArrayList<>(lines.size());
    long end = 0;
    for (String line : lines) {
      end += line.getBytes(StandardCharsets.UTF_8).length;
      writtenBy.add(times.writtenBy(end));
    }
    int from = 0;
    if (o.since().isPresent()) {
      while (from < lines.size() && writtenBy.get(from).isBefore(o.since().get())) {
        from++;
      }
    }
    if (o.tailLines().isPresent()) {
      from = Math.max(from, lines.size() - o.tailLines().getAsInt());
    }
    StringBuilder text = new StringBuilder();
    for (int i = from; i < lines.size(); i++) {
      if (o.timestamps()) {
        text.append(writtenBy.get(i)).append(' ');
      }
      text.append(lines.get(i));
    }
    return new Part(text.toString(), all.length);
  }

  /** Lines with their {@code \n}; a last line without one is a line too. */
  static List<String> lines(String text) {
    List<String> out = new ArrayList<>();
    int start = 0;
    for (int nl; (nl = text.indexOf('\n', start)) >= 0; start = nl + 1) {
      out.add(text.substring(start, nl + 1));
    }
    if (start < text.length()) {
      out.add(text.substring(start));
    }
    return out;
  }

  /** Every line prefixed with {@code at} as kubelet writes it (RFC 3339, nanoseconds, UTC) and a space. */
  static String stamp(String text, Instant at) {
    StringBuilder b = new StringBuilder();
    for (String line : lines(text)) {
      b.append(at).append(' ').append(line);
    }
    return b.toString();
  }

  /** At most {@code budget} bytes of {@code text}, never half a character. */
  static Limited limit(String text, OptionalLong budget) {
    if (budget.isEmpty()) {
      return new Limited(text, budget);
    }
    byte[] b = text.getBytes(StandardCharsets.UTF_8);
    if (b.length <= budget.getAsLong()) {
      return new Limited(text, OptionalLong.of(budget.getAsLong() - b.length));
    }
    int n = (int) budget.getAsLong();
    while (n > 0 && (b[n] & 0xC0) == 0x80) {
      n--;
    }
    return new Limited(new String(b, 0, n, StandardCharsets.UTF_8), OptionalLong.of(0));
  }

  /** {@code partial} and {@code more} split after their last {@code \n}, so no character or line is cut. */
  static Lines completeLines(byte[] partial, byte[] more) {
    ByteArrayOutputStream all = new ByteArrayOutputStream(partial.length + more.length);
    all.writeBytes(partial);
    all.writeBytes(more);
    byte[] b = all.toByteArray();
    int end = b.length;
    while (end > 0 && b[end - 1] != '\n') {
      end--;
    }
    return new Lines(new String(b, 0, end, StandardCharsets.UTF_8), Arrays.copyOfRange(b, end, b.length));
  }
}
