package dev.podnet.bench.ingress;

import dev.podnet.kernel.Exec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A JFR recording of one JVM (jcmd attaches to it), read back for the longest GC pause, the
 * collector and where the CPU went (the methods on top of the sampled stacks): async-profiler is
 * not available here, JFR's sampler is in every JDK. Two kinds: {@link #gcOnly} records the
 * collections alone, cheap enough to run through the measured rounds; {@link #profile} adds the
 * method and allocation sampling of JFR's profile settings, which suspends the sampled threads
 * (every 10 ms) and runs recorder threads, so it runs in a round of its own that is not measured
 * - nginx is never profiled while it is measured either.
 */
final class Gc {
  private static final Pattern LONGEST = Pattern.compile("longestPause = ([0-9.]+) (ns|us|ms|s)");
  private static final Pattern COLLECTOR = Pattern.compile("(young|old)Collector = \"([^\"]+)\"");
  private static final int HOT = 12;
  private final long pid;
  private final Path file;

  /** What the recording says. */
  record Summary(double longestPauseMs, String collector, String hotMethods) {}

  private Gc(long pid, Path file) {
    this.pid = pid;
    this.file = file;
  }

  private static final String GC_ONLY = """
      <?xml version="1.0" encoding="UTF-8"?>
      <configuration version="2.0" label="gc-only">
        <event name="jdk.GarbageCollection"><setting name="enabled">true</setting><setting name="threshold">0 ms</setting></event>
        <event name="jdk.GCConfiguration"><setting name="enabled">true</setting><setting name="period">beginChunk</setting></event>
      </configuration>
      """;

  /** Collections only, for the measured rounds. */
  static Gc gcOnly(long pid, Path file) throws java.io.IOException {
    Path settings = file.resolveSibling("gc-only.jfc");
    java.nio.file.Files.writeString(settings, GC_ONLY);
    return start(pid, file, settings.toString());
  }

  /** JFR's profile settings (method and allocation sampling), for a round that is not measured. */
  static Gc profile(long pid, Path file) {
    return start(pid, file, "profile");
  }

  private static Gc start(long pid, Path file, String settings) {
    Exec.Result r = Exec.run(List.of("jcmd", Long.toString(pid), "JFR.start", "name=bench-" + file.getFileName(), "settings=" + settings,
        "filename=" + file), null, Duration.ofSeconds(30));
    if (!r.ok()) {
      throw new IllegalStateException("jcmd " + pid + " JFR.start: " + r.stderr() + r.stdout());
    }
    return new Gc(pid, file);
  }

  Summary stop() {
    Exec.run(List.of("jcmd", Long.toString(pid), "JFR.stop", "name=bench-" + file.getFileName()), null, Duration.ofSeconds(30));
    return new Summary(longestPauseMs(print("jdk.GarbageCollection")), collector(print("jdk.GCConfiguration")), hot(print("jdk.ExecutionSample")));
  }

  private String print(String event) {
    return Exec.run(List.of("jfr", "print", "--events", event, "--stack-depth", "1", file.toString()), null, Duration.ofMinutes(2)).stdout();
  }

  /** The longest pause in milliseconds (0 when no collection ran). */
  private static double longestPauseMs(String events) {
    double longest = 0;
    Matcher m = LONGEST.matcher(events);
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

  private static String collector(String configuration) {
    Map<String, String> byGeneration = new HashMap<>();
    Matcher m = COLLECTOR.matcher(configuration);
    while (m.find()) {
      byGeneration.put(m.group(1), m.group(2));
    }
    return byGeneration.getOrDefault("young", "?") + " / " + byGeneration.getOrDefault("old", "?");
  }

  /** The methods most often on top of a sampled stack, with their share of all samples. */
  private static String hot(String samples) {
    Map<String, Integer> top = new HashMap<>();
    int total = 0;
    String[] lines = samples.split("\n");
    for (int i = 0; i + 1 < lines.length; i++) {
      if (lines[i].trim().startsWith("stackTrace = [")) {
        top.merge(lines[i + 1].trim().replaceAll("\\s+line:.*", "").replaceAll("\\(.*\\)", "()"), 1, Integer::sum);
        total++;
      }
    }
    int n = Math.max(1, total);
    return total + " samples: " + top.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(HOT)
        .map(e -> String.format("%.1f%% %s", 100.0 * e.getValue() / n, e.getKey())).collect(Collectors.joining("; "));
  }
}
