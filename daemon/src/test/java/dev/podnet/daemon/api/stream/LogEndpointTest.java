package dev.podnet.daemon.api.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.podnet.daemon.api.ApiError;
import dev.podnet.daemon.api.ApiRequest;
import dev.podnet.daemon.api.ApiResponse;
import dev.podnet.lab.runtime.LogTimes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogEndpointTest {
  @TempDir
  Path dir;
  private TestPods pods;
  private LogEndpoint logs;

  @BeforeEach
  void pods() throws Exception {
    pods = new TestPods(dir).with("web", "app").with("two", "a", "b");
    logs = new LogEndpoint(pods);
    write(pods.log("web", "app"), "one\ntwo\nthree\nfour\n");
  }

  private static void write(Path file, String text) throws Exception {
    Files.createDirectories(file.getParent());
    Files.writeString(file, text);
  }

  private ApiResponse get(String pod, String query) {
    return logs.log(ApiRequest.of("GET", "/api/v1/namespaces/default/pods/" + pod + "/log?" + query, new byte[0]), "default", pod);
  }

  private String text(String pod, String query) {
    return ((ApiResponse.Text) get(pod, query)).body();
  }

  @Test
  void theWholeLogOrItsLastLinesOrItsFirstBytes() {
    assertThat(text("web", "")).isEqualTo("one\ntwo\nthree\nfour\n");
    assertThat(text("web", "tailLines=2")).isEqualTo("three\nfour\n");
    assertThat(text("web", "tailLines=0")).isEmpty();
    assertThat(text("web", "limitBytes=6")).isEqualTo("one\ntw");
  }

  @Test
  void timestampsPrefixEveryLineInRfc3339() {
    assertThat(text("web", "timestamps=true&tailLines=2")).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?Z three\n\\S+Z four\n");
  }

  @Test
  void sinceLeavesOutALogUnchangedSinceThen() throws Exception {
    Files.setLastModifiedTime(pods.log("web", "app"), FileTime.fromMillis(System.currentTimeMillis() - 60_000));
    assertThat(text("web", "sinceSeconds=10")).isEmpty();
    assertThat(text("web", "sinceSeconds=120")).isEqualTo("one\ntwo\nthree\nfour\n");
  }

  @Test
  void sinceAndTimestampsUseWhenTheLogGrew() throws Exception {
    Path log = pods.log("web", "app");
    Instant early = Instant.parse("2026-12-06T10:00:00Z");
    Instant late = Instant.parse("2026-12-06T10:00:30Z");
    Files.writeString(log, "one\n");
    LogTimes.sample(log, -1, early);
    Files.writeString(log, "two\n", StandardOpenOption.APPEND);
    LogTimes.sample(log, 4, late);
    Files.setLastModifiedTime(log, FileTime.from(late.plusSeconds(1)));
    assertThat(text("web", "timestamps=true")).isEqualTo("2026-12-06T10:00:00Z one\n2026-12-06T10:00:30Z two\n");
    assertThat(text("web", "sinceTime=2026-12-06T10:00:10Z")).isEqualTo("two\n");
  }

  @Test
  void previousIsTheRunBeforeTheLastRestart() throws Exception {
    ApiError none = catchThrowableOfType(ApiError.class, () -> get("web", "previous=true"));
    assertThat(none.code()).isEqualTo(400);
    assertThat(none.getMessage()).isEqualTo("previous terminated container \"app\" in pod \"web\" not found");
    write(pods.previousLog("web", "app"), "earlier run\n");
    assertThat(text("web", "previous=true")).isEqualTo("earlier run\n");
  }

  @Test
  void whileARestartIsUnderWayTheLastRunIsTheLog() throws Exception {
    // the runtime has moved the last run's log aside and not yet started the next run
    write(pods.previousLog("two", "a"), "run started\nrun ending\n");
    assertThat(text("two", "container=a")).isEqualTo("run started\nrun ending\n");
    assertThat(text("two", "container=a&follow=true")).isEqualTo("run started\nrun ending\n");
  }

  @Test
  void aPodWithSeveralContainersNeedsOneNamed() {
    ApiError e = catchThrowableOfType(ApiError.class, () -> get("two", ""));
    assertThat(e.code()).isEqualTo(400);
    assertThat(e.getMessage()).isEqualTo("a container name must be specified for pod two, choose one of: [a b]");
    assertThat(catchThrowableOfType(ApiError.class, () -> get("two", "container=c")).getMessage()).isEqualTo("container c is not valid for pod two");
  }

  @Test
  void aContainerThatNeverRanIsWaitingToStart() {
    ApiError e = catchThrowableOfType(ApiError.class, () -> get("two", "container=a"));
    assertThat(e.code()).isEqualTo(400);
    assertThat(e.getMessage()).isEqualTo("container \"a\" in pod \"two\" is waiting to start: ContainerCreating");
  }

  @Test
  void badNumbersAreRefused() {
    assertThat(catchThrowableOfType(ApiError.class, () -> get("web", "tailLines=x")).code()).isEqualTo(400);
    assertThat(catchThrowableOfType(ApiError.class, () -> get("web", "limitBytes=0")).code()).isEqualTo(422);
  }

  @Test
  void followEndsWithTheRunAndKeepsWhatItWroteLastThoughARestartRenamedItsLog() throws Exception {
    pods.running("web", "app", 4242);
    ApiResponse.Stream s = (ApiResponse.Stream) get("web", "follow=true&tailLines=1");
    RecordingSink sink = new RecordingSink();
    CompletableFuture<Void> done = CompletableFuture.runAsync(() -> {
      try {
        s.producer().produce(sink);
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
    Path log = pods.log("web", "app");
    Thread.sleep(3 * LogEndpoint.POLL_MS);
    Files.writeString(log, "five\n", StandardOpenOption.APPEND);
    Thread.sleep(3 * LogEndpoint.POLL_MS);
    assertThat(done).isNotDone();
    // the run's last words, its end, and the next run's start come faster than a poll
    Files.writeString(log, "six, the last\n", StandardOpenOption.APPEND);
    Files.move(log, pods.previousLog("web", "app"), StandardCopyOption.ATOMIC_MOVE);
    Files.writeString(log, "the next run\n");
    pods.running("web", "app", 4343);
    done.get(5, TimeUnit.SECONDS);
    assertThat(sink.text()).isEqualTo("four\nfive\nsix, the last\n");
  }

  @Test
  void followStopsAtTheByteLimit() throws Exception {
    pods.running("web", "app", 4242);
    ApiResponse.Stream s = (ApiResponse.Stream) get("web", "follow=true&limitBytes=8");
    RecordingSink sink = new RecordingSink();
    CompletableFuture.runAsync(() -> {
      try {
        s.producer().produce(sink);
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }).get(5, TimeUnit.SECONDS);
    assertThat(sink.text()).isEqualTo("one\ntwo\n");
  }

  private static final class RecordingSink implements ApiResponse.StreamSink {
    private final StringBuffer written = new StringBuffer();

    @Override
    public void write(String chunk) {
      written.append(chunk);
    }

    @Override
    public boolean isOpen() {
      return true;
    }

    @Override
    public void onClose(Runnable r) {}

    String text() {
      return written.toString();
    }
  }
}
