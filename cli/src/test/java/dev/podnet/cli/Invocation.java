package dev.podnet.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** One run of the CLI in this JVM against a fake API: its exit code, stdout, stderr and the programs it would have run. */
record Invocation(int exit, String out, String err, List<List<String>> launched) {

  static Invocation run(Api api, String... args) {
    return run(api, Map.of(), args);
  }

  static Invocation run(Api api, Map<String, String> env, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    List<List<String>> launched = new ArrayList<>();
    Session session = new Session(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
        Clock.fixed(Fixtures.NOW, ZoneOffset.UTC), env, cluster -> api, command -> {
          launched.add(command);
          return 7;
        });
    int exit = Main.run(session, args);
    return new Invocation(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8), launched);
  }
}
