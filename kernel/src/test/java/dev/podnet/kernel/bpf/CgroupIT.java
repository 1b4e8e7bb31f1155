package dev.podnet.kernel.bpf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.podnet.kernel.KernelException;
import dev.podnet.kernel.KernelTest;
import dev.podnet.kernel.KernelTestSupport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A podnet cgroup on the real cgroup2 mount: removed even while it is busy for a moment. */
@KernelTest
class CgroupIT {
  private final String owner = "pne" + KernelTestSupport.prefix().replace("-", "");
  private final Cgroup cg = Cgroup.of(owner, "node-1");
  private final Path child = cg.dir().resolve("busy");
  private Process sleeper;

  @AfterEach
  void removeAll() throws Exception {
    if (sleeper != null) {
      sleeper.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
    }
    Files.deleteIfExists(child);
    cg.delete();
    assertThat(Files.exists(cg.dir().getParent())).isFalse();
  }

  @Test
  void processesStillInsideGoBackToTheRootAndTheCgroupAndItsOwnerGo() throws Exception {
    Cgroup.ensure(owner, "node-1");
    sleeper = new ProcessBuilder(List.of("sleep", "60")).start();
    cg.addProcess(sleeper.pid());
    assertThat(cg.pids()).containsExactly(sleeper.pid());

    cg.delete();

    assertThat(cg.exists()).isFalse();
    assertThat(Files.exists(cg.dir().getParent())).isFalse();
    assertThat(Files.readString(Path.of("/proc/" + sleeper.pid() + "/cgroup"))).contains("0::/\n");
  }

  @Test
  void aCgroupBusyForAMomentIsRemovedOnceItIsFree() throws Exception {
    Cgroup.ensure(owner, "node-1");
    Files.createDirectory(child); // a sub-cgroup: rmdir answers EBUSY while it is there
    CompletableFuture<Void> freed = CompletableFuture.runAsync(() -> {
      try {
        Thread.sleep(500);
        Files.delete(child);
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });

    cg.delete();

    freed.join();
    assertThat(cg.exists()).isFalse();
  }

  @Test
  void aCgroupThatStaysBusyFailsNamingWhatIsInside() throws Exception {
    Cgroup.ensure(owner, "node-1");
    Files.createDirectory(child);

    assertThatThrownBy(cg::delete).isInstanceOf(KernelException.class)
        .hasMessageContaining("remove cgroup " + cg.dir()).hasMessageContaining("sub-cgroups [busy]");

    assertThat(cg.exists()).isTrue();
  }
}
