package dev.podnet.ingress.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.podnet.ingress.route.Route;
import dev.podnet.ingress.route.RouteOptions;
import dev.podnet.ingress.route.Site;
import dev.podnet.ingress.route.Upstream;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CanariesTest {
  private static final Route.Proxy CANARY = proxy("next");

  private static Route.Proxy proxy(String name) {
    return new Route.Proxy(new Site("default/" + name, "shop.example", "/"), new Upstream("default/" + name + ":8080", List.of(new InetSocketAddress("127.0.0.1", 8080))), RouteOptions.DEFAULTS);
  }

  private static Route.Proxy main(Optional<String> header, Optional<String> cookie, int weight) {
    Route.Proxy main = proxy("main");
    return new Route.Proxy(main.site(), main.upstream(), main.options(),
        Optional.of(new Route.Canary(CANARY, header, Optional.empty(), cookie, weight, 100)));
  }

  private static HttpRequest request(String... headers) {
    HttpRequest r = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/");
    for (int i = 0; i < headers.length; i += 2) {
      r.headers().add(headers[i], headers[i + 1]);
    }
    return r;
  }

  @Test
  void theCanaryCookieAlwaysRoutesToTheCanaryNeverNeverAndAnythingElseFallsThroughToTheWeight() {
    Route.Proxy noWeight = main(Optional.empty(), Optional.of("canary"), 0);
    Route.Proxy fullWeight = main(Optional.empty(), Optional.of("canary"), 100);
    assertThat(Canaries.choose(request("Cookie", "a=1; canary=always"), noWeight)).isSameAs(CANARY);
    assertThat(Canaries.choose(request("Cookie", "canary=never"), fullWeight)).isNotSameAs(CANARY);
    assertThat(Canaries.choose(request("Cookie", "canary=maybe"), noWeight)).as("weight 0").isNotSameAs(CANARY);
    assertThat(Canaries.choose(request("Cookie", "canary=maybe"), fullWeight)).as("weight 100").isSameAs(CANARY);
    assertThat(Canaries.choose(request("Cookie", "other=always"), noWeight)).as("another cookie").isNotSameAs(CANARY);
    assertThat(Canaries.choose(request(), fullWeight)).as("no cookie, weight 100").isSameAs(CANARY);
  }

  @Test
  void theHeaderDecidesBeforeTheCookieAndAnOtherHeaderValueLeavesItToTheCookie() {
    Route.Proxy both = main(Optional.of("X-Canary"), Optional.of("canary"), 0);
    assertThat(Canaries.choose(request("X-Canary", "never", "Cookie", "canary=always"), both)).isNotSameAs(CANARY);
    assertThat(Canaries.choose(request("X-Canary", "always", "Cookie", "canary=never"), both)).isSameAs(CANARY);
    assertThat(Canaries.choose(request("X-Canary", "maybe", "Cookie", "canary=always"), both)).isSameAs(CANARY);
  }
}
