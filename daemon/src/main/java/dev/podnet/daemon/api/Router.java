package dev.podnet.daemon.api;

import dev.podnet.daemon.api.openapi.OpenApiEndpoints;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/** Sends each request to the endpoint its path names. */
public final class Router implements Function<ApiRequest, ApiResponse> {
  private final ObjectEndpoints objects;
  private final PodnetEndpoints podnet;
  private final TableConvertor tables = new TableConvertor(Clock.systemUTC());
  private final OpenApiEndpoints openapi = new OpenApiEndpoints(Discovery.gitVersion());

  public Router(ObjectEndpoints objects, PodnetEndpoints podnet) {
    this.objects = objects;
    this.podnet = podnet;
  }

  @Override
  public ApiResponse apply(ApiRequest r) {
    List<String> seg = r.segments();
    if (seg.equals(List.of("healthz")) || seg.equals(List.of("livez")) || seg.equals(List.of("readyz"))) {
      return new ApiResponse.Text(200, "ok");
    }
    Optional<ApiResponse> discovery = Discovery.answer(r);
    if (discovery.isPresent() && r.method().equals("GET")) {
      return discovery.get();
    }
    Optional<ApiResponse> schema = openapi.answer(r);
    if (schema.isPresent()) {
      return schema.get();
    }
    // podnet.dev/v1 also serves kinds (BGPConfiguration, BGPPeer, BGPStatus); the rest are podnet's own endpoints
    if (seg.size() >= 3 && seg.subList(0, 3).equals(List.of("apis", "podnet.dev", "v1")) && ObjectPath.parse(seg).isEmpty()) {
      return podnet.handle(r, seg.subList(3, seg.size()));
    }
    Optional<ObjectPath> p = ObjectPath.parse(seg);
    if (p.isEmpty()) {
      throw ApiError.notFound("the server could not find the requested resource " + r.path());
    }
    if (p.get().subresource().equals("log") && r.method().equals("GET")) {
      return podnet.log(r, p.get().namespace(), p.get().name());
    }
    if (p.get().subresource().equals("exec") && p.get().type().equals(dev.podnet.api.Resources.PODS)) {
      return podnet.exec(r, p.get().namespace(), p.get().name());
    }
    if (p.get().subresource().equals("portforward") && p.get().type().equals(dev.podnet.api.Resources.PODS)) {
      return podnet.portForward(r, p.get().namespace(), p.get().name());
    }
    if (!p.get().subresource().isEmpty() && !p.get().subresource().equals("status") && !p.get().subresource().equals("scale")) {
      throw ApiError.notFound("the server could not find the requested resource " + r.path());
    }
    return tables.convert(r, p.get(), objects.handle(r, p.get()));
  }
}
