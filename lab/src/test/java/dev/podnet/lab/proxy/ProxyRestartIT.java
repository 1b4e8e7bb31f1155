package dev.podnet.lab.proxy;

import static dev.podnet.lab.proxy.ServiceProxyIT.service;
import static dev.podnet.lab.proxy.ServiceProxyIT.slice;
import static org.assertj.core.api.Assertions.assertThat;

import dev.podnet.agent.proxy.ProxyNames;
import dev.podnet.agent.proxy.ServiceProxy;
import dev.podnet.kernel.KernelTest;
import dev.podnet.kernel.Nft;
import dev.podnet.lab.LabNode;
import dev.podnet.lab.Sandbox;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A proxy restart on the real kernel: the new proxy finds the table right and leaves it, and the connection, alone. */
@KernelTest
class ProxyRestartIT {
  private static final String ECHO_IP = "10.96.0.40";

  @Test
  void aRestartedProxyOnARightNodeAppliesNothingAndAnOpenConnectionKeepsCarryingData() throws Exception {
    try (ProxyLab pl = new ProxyLab(1)) {
      LabNode node = pl.node(0);
      Sandbox echo = pl.lab.createPod(node, "default", "echo");
      echo.start(List.of("socat", "TCP-LISTEN:7000,reuseaddr,fork", "EXEC:cat"));
      ProxyLab.awaitListener(echo, "t", 7000);
      Sandbox client = pl.lab.createPod(node, "default", "client");
      Service svc = service("echo", ECHO_IP, "TCP", 80).build();
      EndpointSlice eps = slice(pl, "echo", "TCP", 7000, List.of(echo));
      ServiceProxy a = pl.proxies.get(0);
      pl.apply(svc, eps);
      assertThat(a.transactions()).isPositive();
      String tableBefore = Nft.tool().list(node.netns(), "ip", ProxyNames.TABLE).orElseThrow();

      Process conn = client.start(List.of("socat", "-", "TCP:" + ECHO_IP + ":80"));
      BufferedReader in = new BufferedReader(new InputStreamReader(conn.getInputStream(), StandardCharsets.UTF_8));
      OutputStream out = conn.getOutputStream();
      assertThat(roundTrip(out, in, "before restart")).isEqualTo("before restart");

      a.close();
      pl.proxies.remove(a);
      ServiceProxy b = ProxyLab.unsynced(node);
      pl.proxies.add(b);
      b.onServiceAdded(svc);
      b.onSliceAdded(eps);
      b.markServicesSynced();
      b.markSlicesSynced();
      b.syncNow();
      b.start();

      assertThat(b.transactions()).as("transactions applied by the restarted proxy").isZero();
      assertThat(roundTrip(out, in, "after restart")).isEqualTo("after restart");
      assertThat(Nft.tool().list(node.netns(), "ip", ProxyNames.TABLE).orElseThrow()).isEqualTo(tableBefore);
      assertThat(ProxyLab.tcp(client, ECHO_IP, 80).exitCode()).as("a new connection after the restart").isZero();
      conn.destroy();
    }
  }

  private static String roundTrip(OutputStream out, BufferedReader in, String line) throws Exception {
    out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
    out.flush();
    return CompletableFuture.supplyAsync(() -> {
      try {
        return in.readLine();
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }).get(5, TimeUnit.SECONDS);
  }
}
