package dev.podnet.trace;

/**
 * One step of a traced packet, as the JSON contract of {@code podnet trace -o json} names it
 * (docs/walkthroughs/trace.md): which namespace, which kernel mechanism ({@code kind}), the
 * device, what it decided and the addresses before and after any NAT it did.
 */
public record Hop(int n, String direction, String node, String namespace, String kind, String device, String decision, String comment,
    String src, String dst, String srcAfter, String dstAfter) {

  Hop numbered(int number) {
    return new Hop(number, direction, node, namespace, kind, device, decision, comment, src, dst, srcAfter, dstAfter);
  }

  boolean stops() {
    return kind.equals("drop") || kind.equals("reject");
  }
}
