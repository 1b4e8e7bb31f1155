package dev.podnet.lab;

import static org.assertj.core.api.Assertions.assertThat;

import dev.podnet.kernel.Cidr;
import dev.podnet.kernel.Exec;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BirdConfigTest {

  @Test
  void theEdgeRoutersConfigIsOneBird2AcceptsAsWritten(@TempDir Path dir) throws Exception {
    String text = BirdConfig.edge(InetAddress.getByName("172.18.0.253"), Cidr.parse("172.18.0.0/16"), dir.resolve("bird.log"));
    Path conf = Files.writeString(dir.resolve("bird.conf"), text);
    // bird -p parses and exits: a typo in the template fails here, not at podnet up
    Exec.Result parsed = Exec.run(List.of("bird", "-p", "-c", conf.toString()), null);
    assertThat(parsed.ok()).as("bird -p: " + parsed.stderr() + parsed.stdout()).isTrue();
    assertThat(text).contains("neighbor range 172.18.0.0/16 external;").contains("merge paths yes;").contains("local 172.18.0.253 as 64500;");
  }
}
