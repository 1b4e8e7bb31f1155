package dev.podnet.trace;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/** Every address and port a Service answers on (ClusterIP, LoadBalancer IPs, NodePorts), named as the proxy's rule comments name them. */
final class ServiceFrontends {
  private ServiceFrontends() {}

  static void add(JsonNode svc, Map<String, String> into) {
    String nsName = svc.path("metadata").path("namespace").asText() + "/" + svc.path("metadata").path("name").asText();
    for (JsonNode p : svc.path("spec").path("ports")) {
      String comment = nsName + ":" + p.path("port").asInt();
      String clusterIp = svc.path("spec").path("clusterIP").asText();
      if (!clusterIp.isEmpty() && !clusterIp.equals("None")) {
        into.put(clusterIp + ":" + p.path("port").asInt(), comment);
      }
      for (JsonNode ing : svc.path("status").path("loadBalancer").path("ingress")) {
        into.put(ing.path("ip").asText() + ":" + p.path("port").asInt(), comment);
      }
      if (p.path("nodePort").asInt() > 0) {
        into.put("nodeport:" + p.path("nodePort").asInt(), comment);
      }
    }
  }
}
