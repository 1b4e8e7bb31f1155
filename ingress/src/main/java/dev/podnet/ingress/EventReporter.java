package dev.podnet.ingress;

import dev.podnet.ingress.route.Problem;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Problems with an Ingress become Warning Events on it ({@code kubectl describe ingress} shows
 * them), once each: a problem that persists across syncs is not repeated, one that goes away
 * and comes back is reported again.
 */
final class EventReporter {
  private static final Logger log = LoggerFactory.getLogger(EventReporter.class);
  private final KubernetesClient client;
  private final String pod;
  private Set<Problem> reported = new HashSet<>();

  EventReporter(KubernetesClient client, String pod) {
    this.client = client;
    this.pod = pod;
  }

  void report(List<Ingress> ours, List<Problem> problems) {
    Map<String, Ingress> byKey = new HashMap<>();
    ours.forEach(i -> byKey.put(ClusterWatch.key(i), i));
    Set<Problem> now = new HashSet<>(problems);
    for (Problem p : now) {
      Ingress ing = byKey.get(p.namespace() + "/" + p.ingress());
      if (!reported.contains(p) && ing != null) {
        log.warn("ingress={}/{} reason={} {}", p.namespace(), p.ingress(), p.reason(), p.message());
        create(ing, p);
      }
    }
    reported = now;
  }

  private void create(Ingress ing, Problem p) {
    String ts = Instant.now().toString();
    Event e = new EventBuilder().withNewMetadata().withNamespace(p.namespace())
        .withName(p.ingress() + "." + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 1)).endMetadata()
        .withNewInvolvedObject().withApiVersion("networking.k8s.io/v1").withKind("Ingress").withNamespace(p.namespace()).withName(p.ingress())
        .withUid(ing.getMetadata().getUid()).withResourceVersion(ing.getMetadata().getResourceVersion()).endInvolvedObject()
        .withType("Warning").withReason(p.reason()).withMessage(p.message()).withCount(1).withFirstTimestamp(ts).withLastTimestamp(ts)
        .withNewSource().withComponent("podnet-ingress").withHost(pod).endSource().withReportingComponent("podnet.dev/ingress")
        .withReportingInstance(pod).build();
    try {
      client.v1().events().inNamespace(p.namespace()).resource(e).create();
    } catch (KubernetesClientException ex) {
      log.info("event for ingress={}/{} not recorded: {}", p.namespace(), p.ingress(), ex.getMessage());
    }
  }
}
