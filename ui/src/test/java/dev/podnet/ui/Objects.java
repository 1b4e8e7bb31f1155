package dev.podnet.ui;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;

/** API objects for the tests, as the API serves them (only the fields the topology reads, and a few it must ignore). */
final class Objects {
  private static final ObjectMapper JSON = new ObjectMapper();

  private Objects() {}

  static JsonNode json(String text) {
    try {
      return JSON.readTree(text.replace('\'', '"'));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static JsonNode node(String name, String ip, String cidr, boolean ready) {
    return json("{'kind':'Node','metadata':{'name':'" + name + "'},'spec':{'podCIDR':'" + cidr + "'},'status':{'addresses':["
        + "{'type':'Hostname','address':'" + name + "'},{'type':'InternalIP','address':'" + ip + "'}],"
        + "'conditions':[{'type':'Ready','status':'" + (ready ? "True" : "Unknown") + "'}]}}");
  }

  static JsonNode pod(String ns, String name, String node, String ip) {
    return json("{'kind':'Pod','metadata':{'namespace':'" + ns + "','name':'" + name + "'},'spec':{'nodeName':'" + node + "'},"
        + "'status':{'podIP':'" + ip + "','conditions':[{'type':'Ready','status':'True'}]}}");
  }

  static JsonNode service(String ns, String name, String type, String clusterIp, String lbIp) {
    return json("{'kind':'Service','metadata':{'namespace':'" + ns + "','name':'" + name + "'},'spec':{'type':'" + type + "','clusterIP':'"
        + clusterIp + "','ports':[{'name':'http','port':80,'targetPort':8080,'protocol':'TCP'" + (type.equals("ClusterIP") ? "" : ",'nodePort':30080")
        + "}]},'status':{'loadBalancer':{" + (lbIp.isEmpty() ? "" : "'ingress':[{'ip':'" + lbIp + "','ipMode':'VIP'}]") + "}}}");
  }

  static JsonNode slice(String ns, String service, String ip, String pod, String node, boolean ready) {
    return json("{'kind':'EndpointSlice','metadata':{'namespace':'" + ns + "','name':'" + service + "-abc','labels':{'kubernetes.io/service-name':'"
        + service + "'}},'addressType':'IPv4','endpoints':[{'addresses':['" + ip + "'],'conditions':{'ready':" + ready + "},'nodeName':'" + node
        + "','targetRef':{'kind':'Pod','namespace':'" + ns + "','name':'" + pod + "'}}]}");
  }

  static JsonNode assigned(String ns, String service, String node, long rv) {
    return json("{'kind':'Event','metadata':{'namespace':'" + ns + "','name':'" + service + "." + rv + "','resourceVersion':'" + rv + "'},"
        + "'involvedObject':{'kind':'Service','namespace':'" + ns + "','name':'" + service + "'},'reason':'nodeAssigned',"
        + "'message':'announcing from node \\'" + node + "\\' with protocol \\'layer2\\''}");
  }
}
