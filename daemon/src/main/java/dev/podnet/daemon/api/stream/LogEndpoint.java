package dev.podnet.daemon.api.stream;

import dev.podnet.daemon.api.ApiError;
import dev.podnet.daemon.api.ApiRequest;
import dev.podnet.daemon.api.ApiResponse;
import io.fabric8.kubernetes.api.model.Pod;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * {@code GET /api/v1/namespaces/NS/pods/NAME/log}: a container's log file, or the one of its run
 * before the last restart ({@code previous}), cut by {@code tailLines}, {@code limitBytes} and
 * {@code sinceSeconds}/{@code sinceTime}, and with {@code follow} streamed until the run ends.
 *
 * <p>Containers write straight into their log file (so a podnetd that dies cannot SIGPIPE them),
 * which records no time per line. So {@code timestamps} and {@code since} use the latest time a
 * line can have been written: from the file's once-a-second size samples ({@link
 * dev.podnet.lab.runtime.LogTimes}), within a second of the truth while podnetd runs; for a line
 * that arrives while following, the time podnetd read it (within {@value #POLL_MS} ms).
 */
public final class LogEndpoint {
  static final long POLL_MS = 200;
  private static final int READ_MAX = 1 << 20;

  private final PodContainers containers;

  public LogEndpoint(PodContainers containers) {
    this.containers = containers;
  }

  public ApiResponse log(ApiRequest r, String namespace, String name) {
    Pod pod = ContainerChoice.pod(containers, namespace, name);
    String container = ContainerChoice.choose(pod, r.param("container", ""));
    PodContainers.ContainerRun run = ContainerChoice.run(containers, pod, container);
    LogOptions o = LogOptions.of(r, Instant.now());
    Path file = logOf(run, o, container, name, pod);
    if (o.previous() && !Files.exists(file)) {
      throw ApiError.badRequest("previous terminated container \"" + container + "\" in pod \"" + name + "\" not found");
    }
    LogText.Part history = read(file, o);
    OptionalLong limit = o.limitBytes();
    if (!o.follow() || o.previous() || run.pid().isEmpty()) {
      return new ApiResponse.Text(200, LogText.limit(history.text(), limit).text());
    }
    return new ApiResponse.Stream("text/plain", sink -> {
      LogText.Limited first = LogText.limit(history.text(), limit);
      sink.write(first.text());
      if (first.exhausted()) {
        return;
      }
      // the open file is the run's log even after a restart renames it to the previous one
      try (FileChannel log = FileChannel.open(file, StandardOpenOption.READ)) {
        Follow f = new Follow(log, history.end(), o.timestamps(), first.remaining());
        while (sink.isOpen()) {
          // asked before reading, so that what the run wrote before it ended is read once more
          boolean alive = running(pod, container, run.pid());
          if (!f.more(sink)) {
            break;
          }
          if (!f.pending() && !alive) {
            break;
          }
          if (!f.pending()) {
            Thread.sleep(POLL_MS);
          }
        }
        f.flush(sink);
      }
    });
  }

  /** The log file asked for: the current run's, the previous run's, or the latest run's while a restart is under way. */
  private static Path logOf(PodContainers.ContainerRun run, LogOptions o, String container, String name, Pod pod) {
    if (o.previous()) {
      return run.previousLog();
    }
    if (run.pid().isPresent() || Files.exists(run.log())) {
      return run.log();
    }
    if (Files.exists(run.previousLog())) {
      // a restart is under way: the runtime has moved the last run's log aside and not yet started
      // the next; that run is still the latest, and kubelet shows a restarting container's latest run
      return run.previousLog();
    }
    throw ApiError.badRequest("container \"" + container + "\" in pod \"" + name + "\" is waiting to start: " + waitingReason(pod, container));
  }

  /** Why the container has not run yet, as its status says. */
  private static String waitingReason(Pod pod, String container) {
    return Optional.ofNullable(pod.getStatus()).stream().flatMap(s -> s.getContainerStatuses().stream())
        .filter(c -> c.getName().equals(container) && c.getState() != null && c.getState().getWaiting() != null)
        .map(c -> c.getState().getWaiting().getReason()).filter(r -> r != null && !r.isEmpty()).findFirst().orElse("ContainerCreating");
  }

  private static LogText.Part read(Path file, LogOptions o) {
    try {
      return LogText.history(file, o);
    } catch (IOException e) {
      throw new ApiError(500, "InternalError", "cannot read log " + file + ": " + e.getMessage());
    }
  }

  /** The run that was followed is still the container's current one. */
  private boolean running(Pod pod, String container, OptionalLong pid) {
    return containers.container(pod, container).map(PodContainers.ContainerRun::pid).equals(Optional.of(pid));
  }

  /** What has been sent of a followed file: its offset, an unfinished last line, the bytes still allowed. */
  private static final class Follow {
    private final FileChannel file;
    private final boolean timestamps;
    private long pos;
    private OptionalLong remaining;
    private byte[] partial = new byte[0];
    private boolean pending;

    Follow(FileChannel file, long pos, boolean timestamps, OptionalLong remaining) {
      this.file = file;
      this.pos = pos;
      this.timestamps = timestamps;
      this.remaining = remaining;
    }

    /** Sends what was appended; false once the byte limit is reached. */
    boolean more(ApiResponse.StreamSink sink) throws IOException {
      long size = file.size();
      pending = false;
      if (size <= pos) {
        return true;
      }
      ByteBuffer buf = ByteBuffer.allocate((int) Math.min(size - pos, READ_MAX));
      while (buf.hasRemaining() && file.read(buf, pos + buf.position()) > 0) {
        // a positional read may return less than asked
      }
      byte[] b = Arrays.copyOf(buf.array(), buf.position());
      pos += b.length;
      pending = pos < size;
      LogText.Lines lines = LogText.completeLines(partial, b);
      partial = lines.rest();
      return send(sink, lines.text());
    }

    boolean pending() {
      return pending;
    }

    void flush(ApiResponse.StreamSink sink) {
      if (partial.length > 0 && sink.isOpen()) {
        send(sink, new String(partial, StandardCharsets.UTF_8));
      }
    }

    private boolean send(ApiResponse.StreamSink sink, String text) {
      if (text.isEmpty()) {
        return true;
      }
      LogText.Limited l = LogText.limit(timestamps ? LogText.stamp(text, Instant.now()) : text, remaining);
      sink.write(l.text());
      remaining = l.remaining();
      return !l.exhausted();
    }
  }
}
