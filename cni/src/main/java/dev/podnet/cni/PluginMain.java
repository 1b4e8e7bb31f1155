package dev.podnet.cni;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

/**
 * The {@code podnet-cni} executable: the runtime's CNI_* environment and stdin go to the node's
 * agent over a unix socket; the agent's reply is printed with its exit code. VERSION is answered
 * here, since a runtime probes it before any agent need be up.
 */
public final class PluginMain {
  private PluginMain() {}

  public static void main(String[] args) {
    String stdin;
    CniResponse r;
    try {
      stdin = new String(System.in.readAllBytes(), StandardCharsets.UTF_8);
      r = run(System.getenv(), stdin);
    } catch (IOException e) {
      r = CniResponse.error(new CniException(CniException.IO_FAILURE, "read network config from stdin", e.toString()),
          CniVersion.LATEST.toString());
    }
    if (!System.getenv().containsKey("CNI_COMMAND")) {
      System.err.println("CNI podnet-cni plugin\nCNI protocol versions supported: " + String.join(", ", CniVersion.SUPPORTED));
    }
    PrintStream out = System.out;
    out.print(r.stdout());
    out.flush();
    System.exit(r.exitCode());
  }

  static CniResponse run(Map<String, String> env, String stdin) {
    try {
      CniRequest req = CniRequest.fromEnv(env, stdin);
      if (req.command() == CniCommand.VERSION) {
        return CniVersion.reply(stdin);
      }
      Path socket = CniClient.socketOf(stdin);
      try {
        return new CniClient(socket).call(req);
      } catch (IOException e) {
        throw unreachable(req.command(), socket, e);
      }
    } catch (CniException e) {
      return CniResponse.error(e, CniVersion.replyVersion(stdin));
    }
  }

  private static CniException unreachable(CniCommand command, Path socket, IOException e) {
    String details = "no podnet agent answers on " + socket + " (" + e.getMessage() + ")";
    return switch (command) {
      case STATUS -> new CniException(CniException.NOT_AVAILABLE, "podnet agent unreachable", details);
      case DEL -> new CniException(CniException.TRY_AGAIN_LATER, "podnet agent unreachable; DEL must release the pod's "
          + "address and host veth in the agent, so retry when it is back", details);
      default -> new CniException(CniException.TRY_AGAIN_LATER, "podnet agent unreachable; try again later", details);
    };
  }
}
