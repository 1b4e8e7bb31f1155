package dev.podnet.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DatapathTest {
  @Test
  void theFlagIsSpelledInLowerCaseAndAnUnknownOneNamesTheChoices() {
    assertThat(Datapath.parse("ebpf")).isEqualTo(Datapath.EBPF);
    assertThat(Datapath.parse("NFTables")).isEqualTo(Datapath.NFTABLES);
    assertThat(Datapath.EBPF.flag()).isEqualTo("ebpf");
    assertThatThrownBy(() -> Datapath.parse("ipvs")).hasMessageContaining("ipvs").hasMessageContaining("nftables or ebpf");
  }
}
