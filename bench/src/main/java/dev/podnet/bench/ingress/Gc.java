package dev.podnet.bench.ingress;

import dev.podnet.kernel.Exec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A JFR recording of one JVM's garbage collections (jcmd attaches to it), read back for the longest pause. */
final class Gc {
  private static final Pattern LONGEST = Pattern.compile("longestPause = ([0-9.]+) (ns|us|ms|s)");
  private final long pid;
  private final Path file;

  private Gc(long pid, Path file) {
    this.pid = pid;
    this.file = file;
  }

  static Gc record(long pid, Path file) {
    Exec.Result r = Exec.run(List.of("jcmd", Long.toString(pid), "JFR.start", "name=bench", "settings=default", "filename=" + file), null,
        Duration.ofSeconds(30));
    if (!r.ok()) {
      throw new IllegalStateException("jcmd " + pid + " JFR.start: " + r.stderr() + r.stdout());
    }
    return new Gc(pid, file);
  }

  /** Stops the recording; the longest GC pause seen, in milliseconds (0 when no collection ran). */
  double stopAndLongestPauseMs() {
    Exec.run(List.of("jcmd", Long.toString(pid), "JFR.stop", "name=bench"), null, Duration.ofSeconds(30));
    Exec.Result r = Exec.run(List.of("jfr", "print", "--events", "jdk.GarbageCollection", file.toString()), null, Duration.ofMinutes(1));
    double longest = 0;
    Matcher m = LONGEST.matcher(r.stdout());
    while (m.find()) {
      double v = Double.parseDouble(m.group(1));
      longest = Math.max(longest, switch (m.group(2)) {
        case "ns" -> v / 1e6;
        case "us" -> v / 1e3;
        case "s" -> v * 1e3;
        default -> v;
      });
    }
    return longest;
  }
}
