package dev.podnet.api.print;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.podnet.api.Json;
import dev.podnet.api.Resources;
import dev.podnet.api.metallb.IpAddressPool;
import dev.podnet.api.metallb.IpAddressPoolSpec;
import dev.podnet.api.metallb.IpAddressPoolStatus;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class MetalLbColumnsTest {
  private static final Instant NOW = Instant.parse("2026-12-07T00:00:00Z");

  @Test
  void aPoolPrintsAsMetalLbsCrdColumnsWithItsCountsWhenWide() {
    IpAddressPool pool = new IpAddressPool(new ObjectMetaBuilder().withName("default").withNamespace("metallb-system")
        .withCreationTimestamp("2026-12-06T23:59:00Z").build(), new IpAddressPoolSpec(List.of("172.18.255.200-172.18.255.250"), null, null, null));
    pool.setStatus(new IpAddressPoolStatus(2, 0, 49, 0));
    JsonNode json = Json.mapper().valueToTree(pool);
    Columns columns = Columns.of(Resources.IPADDRESSPOOLS);
    assertThat(columns.headers(false)).containsExactly("NAME", "AUTO ASSIGN", "AVOID BUGGY IPS", "ADDRESSES", "AGE");
    assertThat(columns.cells(json, NOW, true)).containsExactly("default", "true", "false", "[\"172.18.255.200-172.18.255.250\"]", "60s", "2", "49");
  }

  @Test
  void aPoolSerializesAsMetalLbsObjectAndNothingElse() {
    IpAddressPool pool = new IpAddressPool(new ObjectMetaBuilder().withName("p").withNamespace("metallb-system").build(),
        new IpAddressPoolSpec(List.of("10.0.0.0/24"), false, null, null));
    assertThat(Json.write(pool)).isEqualTo("{\"apiVersion\":\"metallb.io/v1beta1\",\"kind\":\"IPAddressPool\",\"metadata\":{\"name\":\"p\","
        + "\"namespace\":\"metallb-system\"},\"spec\":{\"addresses\":[\"10.0.0.0/24\"],\"autoAssign\":false}}");
    assertThat(Json.read(Json.write(pool), IpAddressPool.class).getSpec().isAutoAssign()).isFalse();
  }

  @Test
  void bgpPeersAndAdvertisementsPrintAsMetalLbsCrdColumns() {
    JsonNode peer = Json.read("""
        {"apiVersion":"metallb.io/v1beta2","kind":"BGPPeer","metadata":{"name":"edge","namespace":"metallb-system",
         "creationTimestamp":"2026-12-06T23:59:00Z"},"spec":{"myASN":64512,"peerASN":64500,"peerAddress":"172.18.0.253"}}""", JsonNode.class);
    Columns peers = Columns.of(Resources.METALLB_BGPPEERS);
    assertThat(peers.headers(false)).containsExactly("NAME", "ADDRESS", "ASN", "BFD PROFILE", "MULTI HOPS", "AGE");
    assertThat(peers.cells(peer, NOW, false)).containsExactly("edge", "172.18.0.253", "64500", "", "", "60s");
    JsonNode adv = Json.read("""
        {"apiVersion":"metallb.io/v1beta1","kind":"BGPAdvertisement","metadata":{"name":"bgp","namespace":"metallb-system",
         "creationTimestamp":"2026-12-06T23:59:00Z"},"spec":{"ipAddressPools":["bgp"],"peers":["edge"]}}""", JsonNode.class);
    Columns advs = Columns.of(Resources.BGPADVERTISEMENTS);
    assertThat(advs.headers(false)).containsExactly("NAME", "IPADDRESSPOOLS", "IPADDRESSPOOL SELECTORS", "PEERS", "AGE");
    assertThat(advs.cells(adv, NOW, false)).containsExactly("bgp", "[\"bgp\"]", "", "[\"edge\"]", "60s");
  }
}
