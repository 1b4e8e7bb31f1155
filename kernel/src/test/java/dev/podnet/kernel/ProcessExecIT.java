package dev.podnet.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@KernelTest
class ProcessExecIT {
  private static final ProcessExec.Streams PIPES = new ProcessExec.Streams(true, true, true, false);
  private static final ProcessExec.Streams TTY = new ProcessExec.Streams(true, true, false, true);

  private final String hostname = KernelTestSupport.prefix() + "exec";
  private Process target;

  /** A stand-in for a container: its own UTS namespace and hostname, and an environment of its own. */
  @BeforeEach
  void startTarget() throws Exception {
    ProcessBuilder pb = new ProcessBuilder("unshare", "--uts", "--", "sh", "-c", "hostname " + hostname + " && exec sleep 120");
    pb.environment().clear();
    pb.environment().put("PATH", "/usr/sbin:/usr/bin:/sbin:/bin");
    pb.environment().put("GREETING", "from the container");
    target = pb.start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (!Files.readString(Path.of("/proc", Long.toString(target.pid()), "cmdline")).startsWith("sleep") && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
  }

  @AfterEach
  void stopTarget() {
    target.destroyForcibly();
  }

  @Test
  void theCommandRunsWithTheTargetsHostnameAndEnvironment() throws Exception {
    try (ProcessExec e = exec(PIPES, "sh", "-c", "hostname; echo $GREETING; echo oops >&2")) {
      e.closeStdin();
      assertThat(text(e.stdout())).isEqualTo(hostname + "\nfrom the container\n");
      assertThat(text(e.stderr())).isEqualTo("oops\n");
      assertThat(e.onExit().get(5, TimeUnit.SECONDS)).isZero();
    }
  }

  @Test
  void stdinReachesTheCommandAndItsEndEndsIt() throws Exception {
    try (ProcessExec e = exec(PIPES, "cat")) {
      e.stdin().write("hi\n".getBytes(StandardCharsets.UTF_8));
      e.stdin().flush();
      e.closeStdin();
      assertThat(text(e.stdout())).isEqualTo("hi\n");
      assertThat(e.onExit().get(5, TimeUnit.SECONDS)).isZero();
    }
  }

  @Test
  void theExitCodePassesThrough() throws Exception {
    try (ProcessExec e = exec(PIPES, "sh", "-c", "exit 3")) {
      assertThat(e.onExit().get(5, TimeUnit.SECONDS)).isEqualTo(3);
    }
  }

  @Test
  void aTtyIsAPtsDeviceOwnedByTheCommandWithTheSizeLastSet() throws Exception {
    try (ProcessExec e = exec(TTY, "sh", "-c", "read go; tty; stty size; echo $TERM")) {
      e.resize(100, 40);
      e.stdin().write("go\n".getBytes(StandardCharsets.UTF_8));
      String out = text(e.stdout()).replace("\r", "");
      // the terminal echoes what was typed
      assertThat(out).matches("(?s)go\n/dev/pts/\\d+\n40 100\nxterm\n");
      assertThat(e.onExit().get(5, TimeUnit.SECONDS)).isZero();
    }
  }

  @Test
  void aTtyHasItsSizeBeforeTheCommandStarts() throws Exception {
    var sized = new ProcessExec.Request(target.pid(), List.of("stty", "size"), TTY, Optional.of(new ProcessExec.Size(120, 33)));
    try (ProcessExec e = ProcessExec.start(sized)) {
      assertThat(text(e.stdout())).isEqualTo("33 120\r\n");
    }
  }

  @Test
  void aResizeReachesARunningCommandAsSigwinch() throws Exception {
    try (ProcessExec e = exec(TTY, "sh", "-c", "trap 'stty size' WINCH; echo ready; while :; do sleep 0.1; done")) {
      InputStream out = e.stdout();
      assertThat(readUntil(out, "ready")).contains("ready");
      e.resize(132, 50);
      assertThat(readUntil(out, "50 132")).contains("50 132");
    }
  }

  @Test
  void closingKillsTheWholeTreeAndLeavesNoFileDescriptorBehind() throws Exception {
    try (ProcessExec warmUp = exec(TTY, "true")) {
      // the first pty and process start load native code and open files for good
      warmUp.onExit().get(5, TimeUnit.SECONDS);
    }
    Set<String> fdsBefore = openFds();
    ProcessExec e = exec(TTY, "sh", "-c", "sleep 100 & sleep 100 & echo started; wait");
    InputStream out = e.stdout();
    assertThat(readUntil(out, "started")).contains("started");
    List<ProcessHandle> tree = ProcessHandle.of(e.pid()).orElseThrow().descendants().toList();
    assertThat(tree).hasSizeGreaterThanOrEqualTo(2);
    e.close();
    assertThat(out.read(new byte[64])).isEqualTo(-1);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while ((tree.stream().anyMatch(ProcessHandle::isAlive) || !openFds().equals(fdsBefore)) && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertThat(tree).noneMatch(ProcessHandle::isAlive);
    assertThat(openFds()).isEqualTo(fdsBefore);
  }

  private ProcessExec exec(ProcessExec.Streams streams, String... command) {
    return ProcessExec.start(new ProcessExec.Request(target.pid(), List.of(command), streams, Optional.empty()));
  }

  private static String text(InputStream in) throws IOException {
    return new String(in.readAllBytes(), StandardCharsets.UTF_8);
  }

  private static String readUntil(InputStream in, String wanted) throws IOException {
    ByteArrayOutputStream seen = new ByteArrayOutputStream();
    byte[] buf = new byte[256];
    while (!seen.toString(StandardCharsets.UTF_8).contains(wanted)) {
      int n = in.read(buf, 0, buf.length);
      if (n < 0) {
        break;
      }
      seen.write(buf, 0, n);
    }
    return seen.toString(StandardCharsets.UTF_8);
  }

  /** This JVM's open files, but the listing's own. */
  private static Set<String> openFds() throws IOException {
    try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
      Set<String> out = new TreeSet<>();
      for (Path fd : fds.toList()) {
        try {
          out.add(fd.getFileName() + "->" + Files.readSymbolicLink(fd));
        } catch (IOException gone) {
          // the listing's own descriptor, closed by now
        }
      }
      out.removeIf(f -> f.contains("/fd"));
      return out;
    }
  }
}
