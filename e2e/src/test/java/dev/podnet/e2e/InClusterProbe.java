package dev.podnet.e2e;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.util.stream.Collectors;

/**
 * Runs inside a pod as an in-cluster client does: fabric8's auto-configuration, which reads
 * KUBERNETES_SERVICE_HOST/PORT and the service-account token, CA and namespace mounted at
 * /var/run/secrets/kubernetes.io/serviceaccount, with no kubeconfig. Prints what it saw.
 */
public final class InClusterProbe {
  private InClusterProbe() {}

  public static void main(String[] args) {
    Config config = Config.autoConfigure(null);
    System.out.println("master=" + config.getMasterUrl());
    try (KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build()) {
      String pods = client.pods().list().getItems().stream().map(Pod::getMetadata).map(m -> m.getName()).sorted().collect(Collectors.joining(","));
      System.out.println("namespace=" + client.getNamespace());
      System.out.println("pods=" + pods);
      System.out.println("nodes=" + client.nodes().list().getItems().size());
    }
  }
}
