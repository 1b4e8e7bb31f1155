package dev.podnet.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The map page as built into this jar, in headless Chromium, against a feed the test moves and a
 * tracer answering in the JSON contract of podnet trace: what the page draws is checked in the
 * page itself (the e2e UiIT does the same against a real cluster).
 */
class MapPageIT {
  private final Feed feed = new Feed(topology(List.of()));
  private final List<String> traced = new CopyOnWriteArrayList<>();
  private MapServer server;
  private HeadlessChromium browser;

  @BeforeEach
  void open() throws Exception {
    server = MapServer.start(0, feed, (from, to) -> {
      traced.add(from + " " + to);
      return Objects.json(TRACE);
    });
    browser = HeadlessChromium.start();
    browser.navigate(server.url());
    Page.await(browser, "window.podnetMap && podnetMap.ids('node').length === 2");
  }

  @AfterEach
  void close() throws Exception {
    if (browser != null) {
      Files.write(Path.of("target", "map-page.png"), browser.screenshot());
      browser.close();
    }
    server.close();
  }

  @Test
  void theMapShowsEveryNodePodServiceAndLoadBalancerIp() throws Exception {
    assertThat(Page.ids(browser, "node")).containsExactlyInAnyOrder("node/node-1", "node/node-2");
    assertThat(Page.ids(browser, "pod")).containsExactlyInAnyOrder("pod/default/a", "pod/default/b");
    assertThat(Page.ids(browser, "svc")).containsExactly("svc/default/hello");
    assertThat(Page.ids(browser, "lb")).containsExactly("lb/172.18.255.200");
    assertThat(Page.ids(browser, "outside")).containsExactly("outside");
  }

  @Test
  void aNewPodAppearsWithoutReloadingThePage() throws Exception {
    browser.eval("window.sameDocument = true");
    feed.publish(topology(List.of(new Topology.Pod("default", "c", "node-2", "10.244.1.8", true, false))));
    Page.await(browser, "podnetMap.ids('pod').includes('pod/default/c')");
    assertThat(browser.eval("window.sameDocument === true").asBoolean()).isTrue();
    assertThat(Page.ids(browser, "pod")).containsExactlyInAnyOrder("pod/default/a", "pod/default/b", "pod/default/c");
  }

  @Test
  void clickingTwoObjectsTracesAndDrawsThePathHopByHop() throws Exception {
    browser.eval("podnetMap.click('pod/default/a'); podnetMap.click('svc/default/hello')");
    Page.await(browser, "podnetMap.drawn().length === 7");
    assertThat(traced).containsExactly("pod/default/a svc/default/hello");
    assertThat(Page.strings(browser, "podnetMap.drawn()")).containsExactly("pod/default/a>svc/default/hello", "svc/default/hello>node/node-1",
        "node/node-1>node/node-2", "node/node-2>pod/default/b", "pod/default/b>node/node-2", "node/node-2>node/node-1", "node/node-1>pod/default/a");
    assertThat(browser.eval("document.querySelectorAll('#hops tr').length").asInt()).isEqualTo(9);
    assertThat(browser.eval("document.getElementById('trace-verdict').textContent").asText()).startsWith("delivered");
  }

  static Topology topology(List<Topology.Pod> extra) {
    List<Topology.Pod> pods = new ArrayList<>(List.of(new Topology.Pod("default", "a", "node-1", "10.244.0.5", true, false),
        new Topology.Pod("default", "b", "node-2", "10.244.1.7", true, false)));
    pods.addAll(extra);
    return new Topology("pnu-test", List.of(new Topology.Node("node-1", "172.18.0.2", "10.244.0.0/24", true),
        new Topology.Node("node-2", "172.18.0.3", "10.244.1.0/24", true)), pods,
        List.of(new Topology.Service("default", "hello", "LoadBalancer", "10.96.0.20", List.of(new Topology.Port("http", 80, "TCP", "8080", 30080)),
            List.of(new Topology.Endpoint("10.244.1.7", "default/b", "node-2", true)), List.of("172.18.255.200"), "node-2")),
        new Topology.Outside("172.18.0.254"));
  }

  /**
   * pod a on node-1 to Service hello, DNATed to pod b on node-2 across VXLAN, and the reply. Pod a's hops name
   * its namespace as podnet trace does; pod b's name neither node nor a known namespace (placed by address).
   */
  static final String TRACE = """
      {'from':'pod/default/a','to':'svc/default/hello','proto':'tcp','port':80,'verdict':'delivered','reason':'reply received','hops':[
       {'n':1,'direction':'request','node':'node-1','namespace':'pn-pnu-default.a','kind':'route','device':'eth0','decision':'default via 10.244.0.1',
        'comment':null,'src':'10.244.0.5:40000','dst':'10.96.0.20:80','srcAfter':null,'dstAfter':null},
       {'n':2,'direction':'request','node':'node-1','namespace':'pn-node-1','kind':'dnat','device':'cni0','decision':'dnat to 10.244.1.7:8080',
        'comment':'default/hello:80','src':'10.244.0.5:40000','dst':'10.96.0.20:80','srcAfter':null,'dstAfter':'10.244.1.7:8080'},
       {'n':3,'direction':'request','node':'node-1','namespace':'pn-node-1','kind':'vxlan','device':'podnet.1','decision':'encap to 172.18.0.3',
        'comment':null,'src':'10.244.0.5:40000','dst':'10.244.1.7:8080','srcAfter':null,'dstAfter':null},
       {'n':4,'direction':'request','node':'node-2','namespace':'pn-node-2','kind':'bridge','device':'cni0','decision':'fdb to veth',
        'comment':null,'src':'10.244.0.5:40000','dst':'10.244.1.7:8080','srcAfter':null,'dstAfter':null},
       {'n':5,'direction':'request','node':null,'namespace':'pod-b','kind':'deliver','device':'eth0','decision':'delivered',
        'comment':null,'src':'10.244.0.5:40000','dst':'10.244.1.7:8080','srcAfter':null,'dstAfter':null},
       {'n':6,'direction':'reply','node':null,'namespace':'pod-b','kind':'route','device':'eth0','decision':'default via 10.244.1.1',
        'comment':null,'src':'10.244.1.7:8080','dst':'10.244.0.5:40000','srcAfter':null,'dstAfter':null},
       {'n':7,'direction':'reply','node':'node-2','namespace':'pn-node-2','kind':'vxlan','device':'podnet.1','decision':'encap to 172.18.0.2',
        'comment':null,'src':'10.244.1.7:8080','dst':'10.244.0.5:40000','srcAfter':null,'dstAfter':null},
       {'n':8,'direction':'reply','node':'node-1','namespace':'pn-node-1','kind':'conntrack','device':'podnet.1','decision':'un-DNAT',
        'comment':'default/hello:80','src':'10.244.1.7:8080','dst':'10.244.0.5:40000','srcAfter':'10.96.0.20:80','dstAfter':null},
       {'n':9,'direction':'reply','node':'node-1','namespace':'pn-pnu-default.a','kind':'deliver','device':'eth0','decision':'delivered',
        'comment':null,'src':'10.96.0.20:80','dst':'10.244.0.5:40000','srcAfter':null,'dstAfter':null}]}
      """;

  /** A topology the test moves by hand. */
  static final class Feed implements TopologyFeed {
    private final List<Consumer<Topology>> listeners = new CopyOnWriteArrayList<>();
    private volatile Topology current;

    Feed(Topology first) {
      current = first;
    }

    void publish(Topology next) {
      current = next;
      listeners.forEach(l -> l.accept(next));
    }

    @Override
    public Topology current() {
      return current;
    }

    @Override
    public AutoCloseable subscribe(Consumer<Topology> listener) {
      listeners.add(listener);
      return () -> listeners.remove(listener);
    }
  }
}
