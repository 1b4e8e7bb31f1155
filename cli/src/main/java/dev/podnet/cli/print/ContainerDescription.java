package dev.podnet.cli.print;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** The Containers section of a pod's (or a pod template's) description, as kubectl writes it. */
final class ContainerDescription {
  private ContainerDescription() {}

  /**
   * @param statuses the pod's containerStatuses; missing for a template, which then shows only the spec
   */
  static void describe(Description d, int level, JsonNode containers, JsonNode statuses) {
    for (JsonNode c : containers) {
      String name = c.path("name").asText();
      JsonNode status = statusOf(statuses, name);
      d.heading(level, name + ":");
      int in = level + 1;
      if (!statuses.isMissingNode()) {
        d.field(in, "Container ID", status.path("containerID").asText(""));
      }
      d.field(in, "Image", c.path("image").asText(""));
      d.field(in, "Port", ports(c.path("ports")));
      list(d, in, "Command", c.path("command"));
      list(d, in, "Args", c.path("args"));
      if (!statuses.isMissingNode()) {
        state(d, in, "State", status.path("state"));
        if (status.path("lastState").size() > 0) {
          state(d, in, "Last State", status.path("lastState"));
        }
        d.field(in, "Ready", status.path("ready").asBoolean() ? "True" : "False");
        d.field(in, "Restart Count", String.valueOf(status.path("restartCount").asInt()));
      }
      probe(d, in, "Liveness", c.path("livenessProbe"));
      probe(d, in, "Readiness", c.path("readinessProbe"));
      probe(d, in, "Startup", c.path("startupProbe"));
      environment(d, in, c.path("env"));
    }
  }

  private static JsonNode statusOf(JsonNode statuses, String name) {
    for (JsonNode s : statuses) {
      if (name.equals(s.path("name").asText())) {
        return s;
      }
    }
    return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
  }

  private static String ports(JsonNode ports) {
    if (ports.isEmpty()) {
      return "<none>";
    }
    List<String> p = new ArrayList<>();
    ports.forEach(x -> p.add(x.path("containerPort").asInt() + "/" + x.path("protocol").asText("TCP")));
    return String.join(", ", p);
  }

  private static void list(Description d, int level, String label, JsonNode values) {
    if (values.isEmpty()) {
      return;
    }
    d.heading(level, label + ":");
    values.forEach(v -> d.heading(level + 1, v.asText()));
  }

  static void state(Description d, int level, String label, JsonNode state) {
    JsonNode running = state.path("running");
    JsonNode terminated = state.path("terminated");
    JsonNode waiting = state.path("waiting");
    if (!running.isMissingNode()) {
      d.field(level, label, "Running").field(level + 1, "Started", d.time(running.path("startedAt")));
    } else if (!terminated.isMissingNode()) {
      d.field(level, label, "Terminated");
      optional(d, level + 1, "Reason", terminated.path("reason"));
      optional(d, level + 1, "Message", terminated.path("message"));
      d.field(level + 1, "Exit Code", String.valueOf(terminated.path("exitCode").asInt()));
      if (terminated.path("signal").asInt() > 0) {
        d.field(level + 1, "Signal", String.valueOf(terminated.path("signal").asInt()));
      }
      d.field(level + 1, "Started", d.time(terminated.path("startedAt")));
      d.field(level + 1, "Finished", d.time(terminated.path("finishedAt")));
    } else {
      d.field(level, label, "Waiting");
      optional(d, level + 1, "Reason", waiting.path("reason"));
      optional(d, level + 1, "Message", waiting.path("message"));
    }
  }

  private static void optional(Description d, int level, String label, JsonNode value) {
    if (!value.asText("").isEmpty()) {
      d.field(level, label, value.asText());
    }
  }

  /** {@code http-get http://:8080/healthz delay=0s timeout=1s period=10s #success=1 #failure=3}. */
  static String probe(JsonNode p) {
    String action;
    if (p.has("httpGet")) {
      JsonNode h = p.path("httpGet");
      action = "http-get " + h.path("scheme").asText("HTTP").toLowerCase(java.util.Locale.ROOT) + "://" + h.path("host").asText("") + ":"
          + h.path("port").asText() + h.path("path").asText("/");
    } else if (p.has("tcpSocket")) {
      action = "tcp-socket " + p.path("tcpSocket").path("host").asText("") + ":" + p.path("tcpSocket").path("port").asText();
    } else if (p.has("exec")) {
      List<String> cmd = new ArrayList<>();
      p.path("exec").path("command").forEach(x -> cmd.add(x.asText()));
      action = "exec [" + String.join(" ", cmd) + "]";
    } else {
      action = "unknown";
    }
    return action + " delay=" + p.path("initialDelaySeconds").asInt(0) + "s timeout=" + p.path("timeoutSeconds").asInt(1) + "s period="
        + p.path("periodSeconds").asInt(10) + "s #success=" + p.path("successThreshold").asInt(1) + " #failure=" + p.path("failureThreshold").asInt(3);
  }

  private static void probe(Description d, int level, String label, JsonNode p) {
    if (!p.isMissingNode() && !p.isNull()) {
      d.field(level, label, probe(p));
    }
  }

  private static void environment(Description d, int level, JsonNode env) {
    if (env.isEmpty()) {
      d.field(level, "Environment", "<none>");
      return;
    }
    d.heading(level, "Environment:");
    for (JsonNode e : env) {
      JsonNode field = e.path("valueFrom").path("fieldRef");
      String value = field.isMissingNode() ? e.path("value").asText("")
          : " (" + field.path("apiVersion").asText("v1") + ":" + field.path("fieldPath").asText() + ")";
      d.field(level + 1, e.path("name").asText(), value);
    }
  }
}
