package dev.podnet.daemon;

import dev.podnet.api.Json;
import dev.podnet.api.Resources;
import dev.podnet.store.StoreException;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import dev.podnet.daemon.api.ApiListener;
import dev.podnet.daemon.api.ApiRequest;
import dev.podnet.daemon.api.ApiResponse;
import dev.podnet.daemon.api.ApiServer;
import dev.podnet.daemon.api.ServiceAllocations;
import dev.podnet.daemon.auth.AccessControl;
import dev.podnet.daemon.auth.Authenticator;
import dev.podnet.daemon.auth.Authorizer;
import dev.podnet.daemon.auth.ServiceAccountTokens;
import dev.podnet.daemon.pki.ClusterPki;
import dev.podnet.daemon.pki.PkiException;
import dev.podnet.kernel.Netns;
import dev.podnet.kernel.NetnsExecutor;
import dev.podnet.store.Store;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.function.Function;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How the API is reached over HTTPS and who may do what there: the cluster PKI, service-account
 * tokens, the two listeners (this host's loopback for users and kubectl; the control plane's LAN
 * address :6443, behind the {@code kubernetes} Service, for pods and agents) and, in front of
 * the endpoints, authentication and authorization.
 */
final class ApiAccess implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ApiAccess.class);
  /** The node agents' ServiceAccount (deploy/podnet.yaml names the same). */
  static final String NODE_AGENT_NAMESPACE = "kube-system";
  static final String NODE_AGENT_ACCOUNT = "podnet";

  private final ClusterPki pki;
  private final ApiEndpoints endpoints;
  private final ServiceAccountTokens tokens;
  private final List<ApiServer> servers = new ArrayList<>();

  private ApiAccess(ClusterPki pki, ApiEndpoints endpoints, ServiceAccountTokens tokens) {
    this.pki = pki;
    this.endpoints = endpoints;
    this.tokens = tokens;
  }

  /** Loads or makes the PKI (its serving certificate covering {@code controlPlane}) and fixes the loopback port. */
  static ApiAccess prepare(DaemonConfig config, Store store, InetAddress controlPlane) {
    try {
      // pods dial the kubernetes Service's ClusterIP, so the serving certificate must name it too
      List<InetAddress> ips = List.of(InetAddress.getByName("127.0.0.1"), controlPlane, InetAddress.getByName(ServiceAllocations.KUBERNETES_SERVICE_IP));
      ClusterPki pki = ClusterPki.ensure(config.stateDir().resolve("pki"), ips);
      ApiEndpoints endpoints = ApiEndpoints.ensure(config.stateDir(), config.apiPort(), controlPlane);
      ServiceAccountTokens tokens = new ServiceAccountTokens(pki.serviceAccountKey(),
          (ns, name) -> store.<ServiceAccount>find(Resources.SERVICEACCOUNTS, ns, name).map(sa -> sa.getMetadata().getUid()), Clock.systemUTC());
      return new ApiAccess(pki, endpoints, tokens);
    } catch (java.net.UnknownHostException e) {
      throw new PkiException("resolve API addresses: " + e.getMessage(), e);
    }
  }

  ApiEndpoints endpoints() {
    return endpoints;
  }

  ServiceAccountTokens tokens() {
    return tokens;
  }


  /**
   * The kubeconfig every lab node's process uses: the API at the control-plane address on the node
   * LAN, the cluster CA, and a token of ServiceAccount {@code kube-system/podnet} (created here if
   * missing), the node agents' identity, as {@code podnet join} gets it. Written 0600.
   */
  Path writeNodeKubeconfig(Store store, Path file) {
    ServiceAccount sa = store.<ServiceAccount>find(Resources.SERVICEACCOUNTS, NODE_AGENT_NAMESPACE, NODE_AGENT_ACCOUNT).orElseGet(() -> {
      try {
        return store.create(new ServiceAccountBuilder().withNewMetadata().withName(NODE_AGENT_ACCOUNT).withNamespace(NODE_AGENT_NAMESPACE)
            .endMetadata().build());
      } catch (StoreException e) {
        return store.get(Resources.SERVICEACCOUNTS, NODE_AGENT_NAMESPACE, NODE_AGENT_ACCOUNT);
      }
    });
    String token = tokens.issue(new ServiceAccountTokens.Subject(NODE_AGENT_NAMESPACE, NODE_AGENT_ACCOUNT, sa.getMetadata().getUid(), Optional.empty()),
        Duration.ofDays(365));
    try {
      Files.createDirectories(file.getParent());
      Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
      Files.writeString(tmp, kubeconfig(Optional.of(token)));
      Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException("write the nodes' kubeconfig " + file + ": " + e.getMessage(), e);
    }
  }

  /** A kubeconfig for the API at the control-plane address: the cluster CA, and the user's token if any. */
  private String kubeconfig(Optional<String> token) {
    Map<String, Object> cluster = Map.of("name", "podnet", "cluster", Map.of("server", endpoints.internalUrl(),
        "certificate-authority-data", Base64.getEncoder().encodeToString(pki.caPem().getBytes(StandardCharsets.US_ASCII))));
    Map<String, Object> k = new java.util.LinkedHashMap<>(Map.of("apiVersion", "v1", "kind", "Config", "clusters", List.of(cluster)));
    token.ifPresent(t -> {
      k.put("users", List.of(Map.of("name", "podnet-node", "user", Map.of("token", t))));
      k.put("contexts", List.of(Map.of("name", "podnet", "context", Map.of("cluster", "podnet", "user", "podnet-node"))));
      k.put("current-context", "podnet");
    });
    return Json.toYaml(k);
  }

  /**
   * ConfigMap {@code kube-public/cluster-info}, as kubeadm publishes it and anyone may read it: the
   * API's address and CA, which {@code podnet join} trusts only if the CA matches its --ca-cert-hash.
   */
  void publishClusterInfo(Store store) {
    ConfigMap info = new ConfigMapBuilder().withNewMetadata().withName("cluster-info").withNamespace("kube-public").endMetadata()
        .withData(Map.of("kubeconfig", kubeconfig(Optional.empty()))).build();
    try {
      store.create(info);
    } catch (StoreException e) {
      if (!e.is(StoreException.Reason.ALREADY_EXISTS)) {
        throw e;
      }
      store.guaranteedUpdate(Resources.CONFIGMAPS, "kube-public", "cluster-info", (ConfigMap c) -> {
        c.setData(info.getData());
        return c;
      });
    }
  }

  /** Serves {@code endpoints} on both HTTPS listeners, behind authentication and authorization. */
  void serve(Function<ApiRequest, ApiResponse> handler, Netns controlPlane) {
    SslContext ssl = sslContext();
    Authenticator authn = new Authenticator(pki.ca().certificate(), tokens);
    AccessControl guarded = new AccessControl(handler, new Authorizer());
    InetSocketAddress loopback = new InetSocketAddress(InetAddress.getLoopbackAddress(), endpoints.loopbackPort());
    servers.add(ApiServer.start(new ApiListener.Https(loopback, ssl, authn), guarded));
    InetSocketAddress internal = new InetSocketAddress(endpoints.internalAddress(), ApiEndpoints.INTERNAL_PORT);
    // The listening socket belongs to the namespace of the thread that creates it: create it in the control plane's.
    try (NetnsExecutor in = new NetnsExecutor(controlPlane, 1)) {
      servers.add(in.call(() -> ApiServer.start(new ApiListener.Https(internal, ssl, authn), guarded)));
    }
    log.info("api serving loopback={} internal={} netns={}", endpoints.loopbackUrl(), endpoints.internalUrl(), controlPlane);
  }

  private SslContext sslContext() {
    try {
      return SslContextBuilder.forServer(pki.serving().key(), pki.serving().certificate()).trustManager(pki.ca().certificate())
          .clientAuth(ClientAuth.OPTIONAL).protocols("TLSv1.3", "TLSv1.2").build();
    } catch (SSLException e) {
      throw new PkiException("build the API's TLS context from " + pki.dir() + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    servers.forEach(ApiServer::close);
    servers.clear();
  }
}
