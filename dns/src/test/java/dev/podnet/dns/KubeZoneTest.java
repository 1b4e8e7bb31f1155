package dev.podnet.dns;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class KubeZoneTest {
  private ClusterRecords cluster;
  private KubeZone zone;

  static InetAddress ip(String s) {
    return IpLiteral.parse(s).orElseThrow();
  }

  static ServiceEntry clusterIp(String ns, String name, String ip, ServiceEntry.Port... ports) {
    return new ServiceEntry(ns, name, List.of(ip(ip)), Optional.empty(), List.of(ports), false);
  }

  static ServiceEntry headless(String ns, String name, boolean publishNotReady, ServiceEntry.Port... ports) {
    return new ServiceEntry(ns, name, List.of(), Optional.empty(), List.of(ports), publishNotReady);
  }

  static SliceEntry.Endpoint ep(String ip, String hostname, boolean ready) {
    return new SliceEntry.Endpoint(List.of(ip(ip)), Optional.ofNullable(hostname), ready);
  }

  @BeforeEach
  void cluster() {
    cluster = new ClusterRecords("cluster.local");
    zone = new KubeZone("cluster.local", 30, cluster);
    ServiceEntry.Port http = new ServiceEntry.Port("http", "tcp", 80);
    cluster.putService(clusterIp("default", "kubernetes", "10.96.0.1", new ServiceEntry.Port("https", "tcp", 443)));
    cluster.putService(clusterIp("web", "hello", "10.96.5.5", http));
    cluster.putService(headless("web", "db", false, new ServiceEntry.Port("pg", "tcp", 5432)));
    cluster.putSlice(new SliceEntry("web", "db-abc", "db", List.of(new ServiceEntry.Port("pg", "tcp", 5433)),
        List.of(ep("10.244.1.7", "db-0", true), ep("10.244.2.8", null, true), ep("10.244.3.9", "db-2", false))));
    cluster.putService(new ServiceEntry("web", "ext", List.of(), Optional.of("example.org"), List.of(), false));
  }

  private List<String> answer(String name, int type) {
    Answer a = zone.answer(name, type);
    return a.answer().stream().map(r -> r.name() + " " + r.data()).toList();
  }

  @Test
  void clusterIpServiceHasOneAddressRecordWithTheConfiguredTtl() {
    Answer a = zone.answer("hello.web.svc.cluster.local.", Rdata.A);
    assertThat(a.rcode()).isEqualTo(Answer.Rcode.NOERROR);
    assertThat(a.authoritative()).isTrue();
    assertThat(a.answer()).singleElement().satisfies(r -> {
      assertThat(r.ttl()).isEqualTo(30);
      assertThat(r.data()).isEqualTo(new Rdata.Address(ip("10.96.5.5")));
    });
  }

  @Test
  void nameMatchingIsCaseInsensitiveAndEchoesTheQuestion() {
    assertThat(answer("HeLLo.Web.SVC.cluster.LOCAL.", Rdata.A)).containsExactly(
        "HeLLo.Web.SVC.cluster.LOCAL. Address[address=/10.96.5.5]");
  }

  @Test
  void aaaaForAnIpv4OnlyServiceIsNoDataWithSoaNotNxdomain() {
    Answer a = zone.answer("hello.web.svc.cluster.local.", Rdata.AAAA);
    assertThat(a.rcode()).isEqualTo(Answer.Rcode.NOERROR);
    assertThat(a.answer()).isEmpty();
    assertThat(a.authority()).singleElement().satisfies(r -> assertThat(r.type()).isEqualTo(Rdata.SOA));
  }

  @Test
  void unknownServiceIsNxdomainWithSoa() {
    Answer a = zone.answer("nope.web.svc.cluster.local.", Rdata.A);
    assertThat(a.rcode()).isEqualTo(Answer.Rcode.NXDOMAIN);
    assertThat(a.authority()).singleElement().satisfies(r -> {
      assertThat(r.name()).isEqualTo("cluster.local.");
      assertThat(((Rdata.Soa) r.data()).minimum()).isEqualTo(30);
    });
  }

  @Test
  void searchPathSuffixesThatDoNotExistAreNxdomain() {
    assertThat(zone.answer("hello.web.svc.cluster.local.svc.cluster.local.", Rdata.A).rcode()).isEqualTo(Answer.Rcode.NXDOMAIN);
    assertThat(zone.answer("hello.svc.cluster.local.", Rdata.A).rcode()).isEqualTo(Answer.Rcode.NXDOMAIN);
    assertThat(zone.answer("web.svc.cluster.local.", Rdata.A).isNoData()).isTrue();
    assertThat(zone.answer("nosuchns.svc.cluster.local.", Rdata.A).rcode()).isEqualTo(Answer.Rcode.NXDOMAIN);
    assertThat(zone.answer("example.com.cluster.local.", Rdata.A).rcode()).isEqualTo(Answer.Rcode.NXDOMAIN);
  }

  @Test
  void headlessServiceAnswersEveryReadyEndpointOnly() {
    assertThat(answer("db.web.svc.cluster.local.", Rdata.A)).containsExactlyInAnyOrder(
        "db.web.svc.cluster.local. Address[address=/10.244.1.7]", "db.web.svc.cluster.local. Address[address=/10.244.2.8]");
  }

  @Test
  void publishNotReadyAddressesIncludesNotReadyEndpoints() {
    cluster.putService(headless("web", "db", true));
    assertThat(answer("db.web.svc.cluster.local.", Rdata.A)).hasSize(3);
  }

  @Test
  void endpointHostnameAndDashedAddressNamesResolveUnderAHeadlessService() {
    assertThat(answer("db-0.db.web.svc.cluster.local.", Rdata.A)).containsExactly(
        "db-0.db.web.svc.cluster.local. Address[address=/10.244.1.7]");
    assertThat(answer("10-244-2-8.db.web.svc.cluster.local.", Rdata.A)).containsExactly(
        "10-244-2-8.db.web.svc.cluster.local. Address[address=/10.244.2.8]");
    assertThat(zone.answer("db-2.db.web.svc.cluster.local.", Rdata.A).rcode()).isEqualTo(Answer.Rcode.NXDOMAIN);
  }

  @Test
  void srvForAClusterIpServiceHasOneTargetTheServiceName() {
    Answer a = zone.answer("_http._tcp.hello.web.svc.cluster.local.", Rdata.SRV);
    assertThat(a.answer()).singleElement().satisfies(r ->
        assertThat(r.data()).isEqualTo(new Rdata.Srv(0, 100, 80, "hello.web.svc.cluster.local.")));
    assertThat(a.additional()).singleElement().satisfies(r -> assertThat(r.name()).isEqualTo("hello.web.svc.cluster.local."));
  }

  @Test
  void srvForAHeadlessServiceHasOneTargetPerEndpointWithTheSlicePort() {
    Answer a = zone.answer("_pg._tcp.db.web.svc.cluster.local.", Rdata.SRV);
    assertThat(a.answer()).extracting(r -> ((Rdata.Srv) r.data()).target()).containsExactlyInAnyOrder(
        "db-0.db.web.svc.cluster.local.", "10-244-2-8.db.web.svc.cluster.local.");
    assertThat(a.answer()).allSatisfy(r -> assertThat(((Rdata.Srv) r.data()).port()).isEqualTo(5433));
    assertThat(zone.answer("_pg._udp.db.web.svc.cluster.local.", Rdata.SRV).rcode()).isEqualTo(Answer.Rcode.NXDOMAIN);
  }

  @Test
  void externalNameIsACname() {
    assertThat(answer("ext.web.svc.cluster.local.", Rdata.A)).containsExactly("ext.web.svc.cluster.local. Cname[target=example.org.]");
  }

  @Test
  void podRecordsAnswerTheAddressInTheName() {
    assertThat(answer("10-244-1-7.web.pod.cluster.local.", Rdata.A)).containsExactly(
        "10-244-1-7.web.pod.cluster.local. Address[address=/10.244.1.7]");
    assertThat(answer("fd00--7.web.pod.cluster.local.", Rdata.AAAA)).hasSize(1);
    assertThat(zone.answer("10-244-1-999.web.pod.cluster.local.", Rdata.A).rcode()).isEqualTo(Answer.Rcode.NXDOMAIN);
  }

  @Test
  void schemaVersionIsATxtRecord() {
    assertThat(answer("dns-version.cluster.local.", Rdata.TXT)).containsExactly("dns-version.cluster.local. Txt[text=1.1.0]");
  }

  @Test
  void reverseNamesOfClusterIpsAndHeadlessEndpointsArePtrRecords() {
    assertThat(zone.reverse("5.5.96.10.in-addr.arpa.", Rdata.PTR).orElseThrow().answer()).singleElement()
        .satisfies(r -> assertThat(r.data()).isEqualTo(new Rdata.Ptr("hello.web.svc.cluster.local.")));
    assertThat(zone.reverse("7.1.244.10.in-addr.arpa.", Rdata.PTR).orElseThrow().answer()).singleElement()
        .satisfies(r -> assertThat(r.data()).isEqualTo(new Rdata.Ptr("db-0.db.web.svc.cluster.local.")));
    assertThat(zone.reverse("9.9.9.9.in-addr.arpa.", Rdata.PTR)).isEmpty();
  }

  @Test
  void deletingAServiceRemovesItsNamesAndReverseNames() {
    cluster.deleteService("web", "hello");
    assertThat(zone.answer("hello.web.svc.cluster.local.", Rdata.A).rcode()).isEqualTo(Answer.Rcode.NXDOMAIN);
    assertThat(zone.reverse("5.5.96.10.in-addr.arpa.", Rdata.PTR)).isEmpty();
    cluster.deleteSlice("web", "db-abc");
    assertThat(zone.reverse("7.1.244.10.in-addr.arpa.", Rdata.PTR)).isEmpty();
    assertThat(zone.answer("db.web.svc.cluster.local.", Rdata.A).isNoData()).isTrue();
  }

  @Test
  void switchingExternalNameToClusterIpAnswersTheAddress() {
    cluster.putService(clusterIp("web", "ext", "10.96.9.9"));
    assertThat(answer("ext.web.svc.cluster.local.", Rdata.A)).containsExactly("ext.web.svc.cluster.local. Address[address=/10.96.9.9]");
  }
}
