package dev.podnet.controller;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class WorkQueueTest {

  @Test
  void aKeyQueuedTwiceIsTakenOnce() throws InterruptedException {
    WorkQueue<String> q = new WorkQueue<>();
    q.add("a");
    q.add("b");
    q.add("a");
    assertThat(q.take()).contains("a");
    assertThat(q.take()).contains("b");
    q.addAfter("never-mind", Duration.ofHours(1));
    q.close();
    assertThat(q.take()).isEmpty();
  }

  @Test
  void aKeyAddedWhileBeingSyncedIsSyncedAgainAfterwardsNotAtTheSameTime() throws InterruptedException {
    WorkQueue<String> q = new WorkQueue<>();
    q.add("a");
    assertThat(q.take()).contains("a");
    q.add("a");
    q.add("b");
    assertThat(q.take()).contains("b");
    q.done("a");
    assertThat(q.take()).contains("a");
  }

  @Test
  void failuresBackOffExponentiallyUpToTheCapAndSuccessResetsThem() throws InterruptedException {
    assertThat(WorkQueue.backoff(1)).isEqualTo(WorkQueue.BASE_DELAY);
    assertThat(WorkQueue.backoff(3)).isEqualTo(WorkQueue.BASE_DELAY.multipliedBy(4));
    assertThat(WorkQueue.backoff(60)).isEqualTo(WorkQueue.MAX_DELAY);
    WorkQueue<String> q = new WorkQueue<>();
    assertThat(q.retry("a")).isEqualTo(WorkQueue.BASE_DELAY);
    assertThat(q.retry("a")).isEqualTo(WorkQueue.BASE_DELAY.multipliedBy(2));
    long start = System.nanoTime();
    assertThat(q.take()).contains("a");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
    q.done("a");
    q.forget("a");
    assertThat(q.retry("a")).isEqualTo(WorkQueue.BASE_DELAY);
  }
}
