package dev.podnet.dns;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Which source answers a question: the cluster zone and the cluster's reverse names from
 * memory, everything else the forwarder (or SERVFAIL at once when there is no upstream).
 */
final class Responder {
  /** What goes back: an answer to encode, or an upstream's reply to relay as it is. */
  sealed interface Reply {
    String plugin();
  }

  record Built(Answer answer, String plugin) implements Reply {}

  record Relayed(byte[] message) implements Reply {
    public String plugin() {
      return "forward";
    }
  }

  private final KubeZone zone;
  private final Optional<Forwarder> forwarder;
  private final Optional<Autopath> autopath;

  Responder(KubeZone zone, Optional<Forwarder> forwarder, Optional<Autopath> autopath) {
    this.zone = zone;
    this.forwarder = forwarder;
    this.autopath = autopath;
  }

  /** {@code client} is the query's source address: with autopath, it names the client pod's namespace. */
  CompletableFuture<Reply> respond(Query q, java.net.InetAddress client) {
    if (zone.contains(q.qname())) {
      Answer a = zone.answer(q.qname(), q.qtype());
      if (autopath.isPresent()) {
        Optional<Answer> walked = autopath.get().walk(q.qname(), q.qtype(), a, client);
        if (walked.isPresent()) {
          return CompletableFuture.completedFuture(new Built(walked.get(), "autopath"));
        }
      }
      return CompletableFuture.completedFuture(new Built(a, "kubernetes"));
    }
    Optional<Answer> ptr = zone.reverse(q.qname(), q.qtype());
    if (ptr.isPresent()) {
      return CompletableFuture.completedFuture(new Built(ptr.get(), "kubernetes"));
    }
    if (forwarder.isEmpty()) {
      return CompletableFuture.completedFuture(new Built(Answer.failure(Answer.Rcode.SERVFAIL), ""));
    }
    return forwarder.get().forward(q).thenApply(reply -> reply.<Reply>map(Relayed::new)
        .orElseGet(() -> new Built(Answer.failure(Answer.Rcode.SERVFAIL), "forward")));
  }
}
