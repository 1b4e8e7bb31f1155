package dev.podnet.lab;

import dev.podnet.kernel.Exec;
import dev.podnet.kernel.IpKernel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * The quick start: brings up a lab cluster network, puts two pods on every node, shows that every
 * pod reaches every other pod and node without NAT, and removes it all (or keeps it until Ctrl-C
 * with {@code --keep}, to poke around with {@code ip netns exec}).
 */
public final class LabDemo {
  private LabDemo() {}

  public static void main(String[] args) throws InterruptedException {
    int nodes = 3;
    String routing = "vxlan";
    boolean keep = false;
    String cluster = "demo";
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--nodes" -> nodes = Integer.parseInt(args[++i]);
        case "--routing" -> routing = args[++i];
        case "--name" -> cluster = args[++i];
        case "--keep" -> keep = true;
        case "--down" -> {
          LabConfig c = LabConfig.defaults(cluster);
          Lab.cleanup(new IpKernel(), c.prefix(), c.stateDir());
          System.out.println("removed everything named " + c.prefix() + "*");
          return;
        }
        default -> {
          System.err.println("usage: demo [--nodes N] [--routing vxlan|host-gw] [--name CLUSTER] [--keep] | --down");
          System.exit(2);
        }
      }
    }
    IpKernel kernel = new IpKernel();
    LabConfig config = LabConfig.defaults(cluster).withNodes(nodes).withRouting(routing);
    Lab.cleanup(kernel, config.prefix(), config.stateDir());
    long t0 = System.nanoTime();
    System.out.printf("creating a %d-node lab cluster network '%s' (routing %s)...%n", nodes, cluster, routing);
    Lab lab = Lab.create(config, kernel);
    Runtime.getRuntime().addShutdownHook(new Thread(lab::close));
    for (LabNode n : lab.nodes()) {
      System.out.printf("  %-8s netns %-18s LAN %-12s pods %s%n", n.name(), n.netns(), n.info().lanAddress().getHostAddress(), n.info().podCidr());
    }
    List<Sandbox> pods = new ArrayList<>();
    for (LabNode n : lab.nodes()) {
      for (String s : List.of("a", "b")) {
        pods.add(lab.createPod(n, "default", n.name() + "-" + s));
      }
    }
    System.out.printf("ready in %d ms; %d pods:%n", (System.nanoTime() - t0) / 1_000_000, pods.size());
    for (Sandbox p : pods) {
      System.out.printf("  %-12s %-14s netns %s%n", p.podName(), p.ip().getHostAddress(), p.name());
    }
    System.out.println("ping matrix (row pings column):");
    System.out.printf("%-12s", "");
    pods.forEach(p -> System.out.printf(" %-9s", p.podName()));
    System.out.println();
    int failed = 0;
    for (Sandbox from : pods) {
      System.out.printf("%-12s", from.podName());
      for (Sandbox to : pods) {
        boolean ok = from == to || from.run("ping", "-c1", "-W2", to.ip().getHostAddress()).ok();
        failed += ok ? 0 : 1;
        System.out.printf(" %-9s", from == to ? "-" : ok ? "ok" : "FAIL");
      }
      System.out.println();
    }
    Sandbox client = pods.get(0);
    Sandbox server = pods.get(pods.size() - 1);
    server.start(List.of("socat", "TCP-LISTEN:8080,reuseaddr,fork", "SYSTEM:echo you are $SOCAT_PEERADDR"));
    Exec.Result r = null;
    for (int i = 0; i < 50 && (r == null || !r.ok()); i++) {
      Thread.sleep(50);
      r = client.run("socat", "-t", "2", "-", "TCP:" + server.ip().getHostAddress() + ":8080");
    }
    System.out.printf("%s -> %s:8080 over TCP, the server sees: %s%n", client.podName(), server.ip().getHostAddress(),
        r == null ? "(no answer)" : r.stdout().strip());
    if (keep) {
      System.out.println("kept running; try: ip netns exec " + client.name() + " ping " + server.ip().getHostAddress());
      System.out.println("                   ip netns exec " + lab.nodes().get(0).netns() + " ip route");
      System.out.println("Ctrl-C removes everything.");
      new CountDownLatch(1).await();
    }
    lab.close();
    System.out.println(failed == 0 ? "all pods reach each other; removed everything." : failed + " pings failed; removed everything.");
    System.exit(failed == 0 ? 0 : 1);
  }
}
