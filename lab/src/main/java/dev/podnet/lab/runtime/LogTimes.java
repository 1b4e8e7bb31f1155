package dev.podnet.lab.runtime;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * When a container's log grew. Containers write straight into their log file (so a podnetd that
 * dies cannot SIGPIPE them), which leaves no time per line; instead the node runtime samples each
 * log's size every second into a file beside it ({@code log.times}: one {@code FILEKEY SIZE
 * EPOCH_MILLIS} line per growth). A byte is then known to be written no later than the first
 * sample that covers it, or than the file's last modification: an upper bound within a second
 * while podnetd runs, and the time podnetd came back for what was written while it was down.
 */
public final class LogTimes {
  private final long[] sizes;
  private final long[] millis;
  private final Instant modified;

  private LogTimes(long[] sizes, long[] millis, Instant modified) {
    this.sizes = sizes;
    this.millis = millis;
    this.modified = modified;
  }

  /** The samples of {@code log}: {@code log.times} beside {@code log}, {@code log.previous.times} beside {@code log.previous}. */
  public static Path file(Path log) {
    return log.resolveSibling(log.getFileName() + ".times");
  }

  /** The samples that belong to the file now at {@code log} (a restart's rename leaves others behind); none without a log. */
  public static LogTimes read(Path log) throws IOException {
    BasicFileAttributes a;
    try {
      a = Files.readAttributes(log, BasicFileAttributes.class);
    } catch (NoSuchFileException e) {
      return new LogTimes(new long[0], new long[0], Instant.EPOCH);
    }
    String key = key(a);
    List<long[]> samples = new ArrayList<>();
    Path times = file(log);
    if (Files.exists(times)) {
      for (String line : Files.readAllLines(times, StandardCharsets.US_ASCII)) {
        String[] f = line.split(" ");
        if (f.length == 3 && f[0].equals(key)) {
          samples.add(new long[] {Long.parseLong(f[1]), Long.parseLong(f[2])});
        }
      }
    }
    return new LogTimes(samples.stream().mapToLong(s -> s[0]).toArray(), samples.stream().mapToLong(s -> s[1]).toArray(),
        a.lastModifiedTime().toInstant());
  }

  /** The latest time the bytes before {@code end} can have been written. */
  public Instant writtenBy(long end) {
    int i = Arrays.binarySearch(sizes, end);
    int first = i >= 0 ? i : -i - 1;
    if (first < sizes.length) {
      Instant sampled = Instant.ofEpochMilli(millis[first]);
      return sampled.isBefore(modified) ? sampled : modified;
    }
    return modified;
  }

  /** Records {@code log}'s size at {@code at} if it differs from {@code lastSize}; returns the size recorded or seen. */
  public static long sample(Path log, long lastSize, Instant at) throws IOException {
    BasicFileAttributes a = Files.readAttributes(log, BasicFileAttributes.class);
    if (a.size() == lastSize) {
      return lastSize;
    }
    String line = key(a) + " " + a.size() + " " + at.toEpochMilli() + "\n";
    Files.writeString(file(log), line, StandardCharsets.US_ASCII, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    return a.size();
  }

  /** The file's identity (device and inode) without spaces. */
  private static String key(BasicFileAttributes a) {
    return String.valueOf(a.fileKey()).replaceAll("[^0-9a-zA-Z=,]", "");
  }
}
