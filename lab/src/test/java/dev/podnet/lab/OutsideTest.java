package dev.podnet.lab;

import static org.assertj.core.api.Assertions.assertThat;

import dev.podnet.kernel.FakeKernel;
import dev.podnet.kernel.IpCommand;
import dev.podnet.kernel.LinkSpec;
import dev.podnet.kernel.Netns;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class OutsideTest {
  private final FakeKernel kernel = new FakeKernel();
  private final LabConfig config = LabConfig.defaults("t").withPrefix("pn-t-", Path.of("/tmp/unused"));
  private final LabNames names = new LabNames(config.prefix());

  private Outside outside() {
    kernel.apply(kernel.ensureNetns(names.lan()), List.of(new IpCommand.LinkAdd(new LinkSpec.Bridge(LabNames.LAN_BRIDGE, 1500))));
    return Outside.ensure(kernel, names, config, 1500);
  }

  @Test
  void theOutsideClientSitsOnTheLanBridgeWithAnAddressNoNodeGets() {
    Outside o = outside();
    assertThat(o.netns()).isEqualTo(Netns.named("pn-t-outside"));
    assertThat(o.address().getHostAddress()).isEqualTo("172.18.0.254");
    assertThat(kernel.addresses(o.netns())).anyMatch(a -> a.dev().equals("eth0") && a.address().toString().equals("172.18.0.254/16"));
    assertThat(kernel.links(Netns.named(names.lan()))).anyMatch(l -> l.name().equals(LabNames.OUTSIDE_PORT));
  }

  @Test
  void itHasNoRouteToPodOrServiceAddresses() {
    Outside o = outside();
    assertThat(kernel.routes(o.netns())).noneMatch(r -> r.dst().toString().startsWith("10."));
  }

  @Test
  void ensuringTwiceKeepsOneUplink() {
    outside();
    Outside again = Outside.ensure(kernel, names, config, 1500);
    assertThat(kernel.links(Netns.named(names.lan())).stream().filter(l -> l.name().equals(LabNames.OUTSIDE_PORT))).hasSize(1);
    assertThat(again.address().getHostAddress()).isEqualTo("172.18.0.254");
  }
}
