package dev.podnet.cni;

import dev.podnet.kernel.Kernel;
import dev.podnet.kernel.KernelException;
import dev.podnet.kernel.Netns;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The CNI operations for one node, in-process: the agent serves them to the plugin executable
 * over a unix socket, the lab calls {@link #handle} directly. Validation follows libcni's skel,
 * so a request fails the same way whichever door it came through.
 */
public final class CniHandler {
  private static final Logger log = LoggerFactory.getLogger(CniHandler.class);

  private final Kernel kernel;
  private final NodeNetwork node;
  private final LeaseStore leases;
  private final BridgeAttacher attacher;

  /** {@code dataDir} holds the lease files; {@code hostNetns} is where the bridge and host veths live. */
  public CniHandler(Kernel kernel, Netns hostNetns, NodeNetwork node, Path dataDir) {
    this.kernel = kernel;
    this.node = node;
    this.leases = new LeaseStore(dataDir, node.podCidr());
    this.attacher = new BridgeAttacher(kernel, hostNetns, node, leases);
  }

  /** The containers that hold an address on this node now (their lease files): what a restarted runtime checks its sandboxes against. */
  public java.util.Set<String> containerIds() {
    return leases.all().values().stream().map(Attachment::containerId).collect(java.util.stream.Collectors.toSet());
  }

  /** Runs one request; every failure becomes a CNI error reply, never an exception. */
  public CniResponse handle(CniRequest req) {
    try {
      if (req.command() == CniCommand.VERSION) {
        return CniVersion.reply(req.config());
      }
      req.validate();
      NetworkConfig config = NetworkConfig.parse(req.config());
      if (req.command().needsVersion110() && !config.version().atLeast(CniVersion.V1_1_0)) {
        throw new CniException(CniException.INCOMPATIBLE_VERSION, req.command() + " needs cniVersion 1.1.0 or later",
            "config is \"" + config.version() + "\"");
      }
      return dispatch(req, config);
    } catch (CniException e) {
      return CniResponse.error(e, CniVersion.replyVersion(req.config()));
    } catch (KernelException e) {
      return CniResponse.error(new CniException(CniException.INTERNAL, what(req) + " failed", e.getMessage()),
          CniVersion.replyVersion(req.config()));
    } catch (RuntimeException e) {
      log.error("cni request failed command={} pod={}", req.command(), req.containerId(), e);
      return CniResponse.error(new CniException(CniException.INTERNAL, req.command() + " failed", e.toString()),
          CniVersion.replyVersion(req.config()));
    }
  }

  private static String what(CniRequest req) {
    return req.containerId().isEmpty() ? req.command().name() : req.command() + " " + req.attachment();
  }

  private CniResponse dispatch(CniRequest req, NetworkConfig config) {
    return switch (req.command()) {
      case ADD -> add(req, config);
      case DEL -> {
        attacher.delete(req.attachment());
        yield CniResponse.EMPTY;
      }
      case CHECK -> check(req, config);
      case GC -> gc(config);
      case STATUS -> status();
      case VERSION -> CniVersion.reply(req.config());
    };
  }

  private CniResponse add(CniRequest req, NetworkConfig config) {
    Netns pod = existingNetns(req.netns());
    int mtu = config.mtu().orElse(node.mtu());
    CniResult r = attacher.add(req.attachment(), pod, req.netns(), mtu);
    CniResult withDns = new CniResult(r.interfaces(), r.ips(), r.routes(), config.dns());
    return CniResponse.ok(withDns.toJson(config.version()));
  }

  private CniResponse check(CniRequest req, NetworkConfig config) {
    Netns pod = existingNetns(req.netns());
    List<String> expected = new ArrayList<>();
    config.prevResult().ifPresent(p -> p.path("ips").forEach(ip -> expected.add(ip.path("address").asText())));
    List<String> wrong = attacher.check(req.attachment(), pod, expected);
    if (!wrong.isEmpty()) {
      throw new CniException(CniException.INTERNAL, what(req) + " failed", String.join("; ", wrong));
    }
    return CniResponse.EMPTY;
  }

  private CniResponse gc(NetworkConfig config) {
    List<String> errors = attacher.gc(config.validAttachments());
    if (!errors.isEmpty()) {
      throw new CniException(CniException.INTERNAL, "GC removed what it could; " + errors.size() + " errors", String.join("; ", errors));
    }
    return CniResponse.EMPTY;
  }

  private CniResponse status() {
    if (leases.exhausted()) {
      throw new CniException(CniException.NOT_AVAILABLE, "no free pod address in " + leases.rangeText(),
          "ADD would fail until pods are deleted");
    }
    return CniResponse.EMPTY;
  }

  private Netns existingNetns(String path) {
    Netns ns = Netns.at(path);
    boolean exists = ns instanceof Netns.Named n ? kernel.netnsNames().contains(n.name()) : Files.exists(ns.path());
    if (!exists) {
      throw new CniException(CniException.INVALID_ENVIRONMENT, "invalid CNI_NETNS '" + path + "'", "no such network namespace");
    }
    return ns;
  }
}
