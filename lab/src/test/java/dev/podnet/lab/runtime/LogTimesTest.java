package dev.podnet.lab.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogTimesTest {
  @TempDir
  Path dir;

  @Test
  void eachLineIsBoundedByTheFirstSampleThatCoversIt() throws Exception {
    Path log = dir.resolve("log");
    Files.writeString(log, "first\n");
    long size = LogTimes.sample(log, -1, Instant.now());
    Instant afterFirst = Instant.now();
    Thread.sleep(30);
    Files.writeString(log, "second\n", StandardOpenOption.APPEND);
    assertThat(LogTimes.sample(log, size, Instant.now())).isEqualTo(13);
    assertThat(LogTimes.sample(log, 13, Instant.now())).as("no growth, no sample").isEqualTo(13);
    LogTimes t = LogTimes.read(log);
    assertThat(t.writtenBy(6)).isBeforeOrEqualTo(afterFirst);
    assertThat(t.writtenBy(13)).isAfter(afterFirst);
    assertThat(Files.readAllLines(LogTimes.file(log))).hasSize(2);
  }

  @Test
  void whatNoSampleCoversIsBoundedByTheLastModification() throws Exception {
    Path log = dir.resolve("log");
    Files.writeString(log, "unsampled\n");
    Instant modified = Instant.parse("2026-01-02T03:04:05Z");
    Files.setLastModifiedTime(log, FileTime.from(modified));
    assertThat(LogTimes.read(log).writtenBy(10)).isEqualTo(modified);
  }

  @Test
  void samplesFollowTheFileAcrossARenameAndNotToItsSuccessor() throws Exception {
    Path log = dir.resolve("log");
    Files.writeString(log, "old run\n");
    LogTimes.sample(log, -1, Instant.now());
    Instant sampled = LogTimes.read(log).writtenBy(8);
    Path previous = dir.resolve("log.previous");
    Files.move(log, previous);
    Files.move(LogTimes.file(log), LogTimes.file(previous));
    assertThat(LogTimes.read(previous).writtenBy(8)).isEqualTo(sampled);
    Files.writeString(log, "new run!\n");
    Files.writeString(LogTimes.file(log), Files.readString(LogTimes.file(previous)));
    Instant modified = Instant.parse("2026-01-02T03:04:05Z");
    Files.setLastModifiedTime(log, FileTime.from(modified));
    assertThat(LogTimes.read(log).writtenBy(8)).as("another file's samples do not count").isEqualTo(modified);
  }
}
