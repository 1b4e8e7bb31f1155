package dev.podnet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@code get bgppeers} and {@code describe node} with the sessions nodes' agents report in BGPStatus. */
class BgpCommandsTest {
  private static final String PEER = """
      {"apiVersion":"podnet.dev/v1","kind":"BGPPeer","metadata":{"name":"peer-with-route-reflectors"},
       "spec":{"nodeSelector":"all()","peerSelector":"route-reflector == 'true'"}}""";
  private static final String STATUS = """
      {"apiVersion":"podnet.dev/v1","kind":"BGPStatus","metadata":{"name":"node-2"},
       "status":{"numberEstablished":1,"numberNotEstablished":1,"peers":[
        {"peerIP":"172.18.0.2","asNumber":64512,"type":"NodePeer","peerName":"peer-with-route-reflectors","state":"Established",
         "since":"2024-01-01T00:07:00Z",
         "prefixesReceived":2,"prefixesSent":1},
        {"peerIP":"172.18.0.9","asNumber":64512,"type":"NodePeer","state":"Active","since":"2024-01-01T00:09:30Z"},
        {"peerIP":"172.18.0.253","asNumber":64500,"type":"MetalLB","peerName":"edge","state":"Established",
         "since":"2024-01-01T00:08:00Z","prefixesSent":2}]}}""";
  private static final String NODE = """
      {"apiVersion":"v1","kind":"Node","metadata":{"name":"node-2"},"spec":{"podCIDR":"10.244.1.0/24"},
       "status":{"addresses":[{"type":"InternalIP","address":"172.18.0.3"}]}}""";

  @Test
  void getBgppeersListsThePeersThenEverySessionWithStateUptimeAndPrefixes() {
    Invocation run = Invocation.run(new FakeApi().with(PEER).with(STATUS), "get", "bgppeers");
    assertThat(run.out()).isEqualTo("""
        NAME                         NODE    PEER                        AS NUMBER   AGE
        peer-with-route-reflectors   all()   route-reflector == 'true'   <cluster>   10m

        NODE     PEER           AS      TYPE                                  STATE         UPTIME   RECEIVED   SENT
        node-2   172.18.0.2     64512   NodePeer/peer-with-route-reflectors   Established   3m       2          1
        node-2   172.18.0.9     64512   NodePeer                              Active        (30s)    0          0
        node-2   172.18.0.253   64500   MetalLB/edge                          Established   2m       0          2
        """);
  }

  @Test
  void describeNodeEndsWithItsBgpSessionsAndOmitsThemForANodeWithoutBgp() {
    assertThat(Invocation.run(new FakeApi().with(NODE).with(STATUS), "describe", "node", "node-2").out())
        .containsPattern("BGP Sessions:\\n\\s+PEER\\s+AS\\s+TYPE\\s+STATE\\s+UPTIME\\s+RECEIVED\\s+SENT\\n")
        .as("a session of the routing backend, under the name of the Calico BGPPeer it was made for")
        .containsPattern("172\\.18\\.0\\.2\\s+64512\\s+NodePeer/peer-with-route-reflectors\\s+Established\\s+3m\\s+2\\s+1")
        .as("MetalLB's session to the edge router, under its BGPPeer's name")
        .containsPattern("172\\.18\\.0\\.253\\s+64500\\s+MetalLB/edge\\s+Established\\s+2m\\s+0\\s+2");
    assertThat(Invocation.run(new FakeApi().with(NODE), "describe", "node", "node-2").out()).doesNotContain("BGP");
  }
}
