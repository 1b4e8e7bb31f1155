package dev.podnet.api.print;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/**
 * What {@code kubectl get pods} shows of a pod, computed as kubectl's printPod does: a container's
 * waiting or terminated reason wins over the phase, a deleting pod is Terminating.
 *
 * @param ready       containers ready and running
 * @param total       containers in the spec
 * @param status      the STATUS column
 * @param restarts    restarts summed over containers
 * @param lastRestart when the most recent restart's container last terminated; empty when unknown
 */
public record PodStatus(int ready, int total, String status, int restarts, String lastRestart) {

  public static PodStatus of(JsonNode pod) {
    JsonNode status = pod.path("status");
    String reason = status.path("phase").asText("");
    if (!status.path("reason").asText("").isEmpty()) {
      reason = status.path("reason").asText();
    }
    int ready = 0;
    int restarts = 0;
    String lastRestart = "";
    boolean running = false;
    JsonNode containers = status.path("containerStatuses");
    for (int i = containers.size() - 1; i >= 0; i--) {
      JsonNode c = containers.get(i);
      restarts += c.path("restartCount").asInt();
      String finished = c.path("lastState").path("terminated").path("finishedAt").asText("");
      if (finished.compareTo(lastRestart) > 0) {
        lastRestart = finished;
      }
      JsonNode waiting = c.path("state").path("waiting");
      JsonNode terminated = c.path("state").path("terminated");
      if (!waiting.path("reason").asText("").isEmpty()) {
        reason = waiting.path("reason").asText();
      } else if (!terminated.path("reason").asText("").isEmpty()) {
        reason = terminated.path("reason").asText();
      } else if (!terminated.isMissingNode() && terminated.isObject()) {
        int signal = terminated.path("signal").asInt();
        reason = signal != 0 ? "Signal:" + signal : "ExitCode:" + terminated.path("exitCode").asInt();
      } else if (c.path("ready").asBoolean() && c.path("state").has("running")) {
        running = true;
        ready++;
      }
    }
    if ("Completed".equals(reason) && running) {
      reason = isReady(pod) ? "Running" : "NotReady";
    }
    if (pod.path("metadata").hasNonNull("deletionTimestamp")) {
      reason = "NodeLost".equals(status.path("reason").asText()) ? "Unknown" : "Terminating";
    }
    return new PodStatus(ready, pod.path("spec").path("containers").size(), reason.isEmpty() ? "Pending" : reason, restarts, lastRestart);
  }

  /** The pod's Ready condition is True. */
  public static boolean isReady(JsonNode pod) {
    for (JsonNode c : pod.path("status").path("conditions")) {
      if ("Ready".equals(c.path("type").asText())) {
        return "True".equals(c.path("status").asText());
      }
    }
    return false;
  }

  /** {@code 1/2} */
  public String readyColumn() {
    return ready + "/" + total;
  }

  /** {@code 3 (5m ago)}, as kubectl shows restarts it knows the time of. */
  public String restartsColumn(Instant now) {
    return restarts > 0 && !lastRestart.isEmpty() ? restarts + " (" + Age.since(lastRestart, now) + " ago)" : String.valueOf(restarts);
  }
}
