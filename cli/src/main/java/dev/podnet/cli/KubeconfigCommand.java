package dev.podnet.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "kubeconfig", mixinStandardHelpOptions = true,
    description = "Print a standalone kubeconfig for the cluster's admin (kubectl, fabric8, client-go).",
    footer = {"", "up already merges the context podnet-CLUSTER into $KUBECONFIG (or ~/.kube/config); down removes it."})
final class KubeconfigCommand implements Callable<Integer> {
  private final Session session;

  @Option(names = "--internal", description = "Use the control plane's LAN address (https://ADDRESS:6443), as pods and the lab's namespaces reach it.")
  boolean internal;

  KubeconfigCommand(Session session) {
    this.session = session;
  }

  @Override
  public Integer call() {
    session.out.print(Kubeconfig.empty().merge(KubeconfigEntry.of(session.cluster(), internal)).text());
    return 0;
  }
}
