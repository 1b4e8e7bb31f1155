package dev.podnet.ingress.route;

import static dev.podnet.ingress.route.Cluster.path;
import static dev.podnet.ingress.route.Cluster.served;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RouteTableTest {
  private static Cluster withServices(String... names) {
    Cluster c = new Cluster();
    for (int i = 0; i < names.length; i++) {
      c.service(names[i], "10.244.1." + (i + 10));
    }
    return c;
  }

  private static String ingress(String name, String rules) {
    return "apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: " + name + "\nspec:\n  rules:\n" + rules;
  }

  private static String rule(String host, String... paths) {
    return (host == null ? "  - http:\n" : "  - host: \"" + host + "\"\n    http:\n") + "      paths:\n" + String.join("", paths);
  }

  /** The conformance suite's path_rules Ingress, and the Ingress documentation's examples table. */
  private static final RouteTable PATH_RULES = withServices("foo-exact", "foo-prefix", "aaa-slash-bbb-prefix", "aaa-prefix",
      "aaa-slash-bbb-slash-prefix", "foo-slash-exact", "root").ingress(ingress("path-rules",
      rule("exact-path-rules", path("/foo", "Exact", "foo-exact"))
          + rule("prefix-path-rules", path("/foo", "Prefix", "foo-prefix"), path("/aaa/bbb", "Prefix", "aaa-slash-bbb-prefix"),
              path("/aaa", "Prefix", "aaa-prefix"))
          + rule("mixed-path-rules", path("/foo", "Prefix", "foo-prefix"), path("/foo", "Exact", "foo-exact"))
          + rule("trailing-slash-path-rules", path("/aaa/bbb/", "Prefix", "aaa-slash-bbb-slash-prefix"), path("/foo/", "Exact", "foo-slash-exact"))
          + rule("root-prefix", path("/", "Prefix", "root"), path("/aaa", "Prefix", "aaa-prefix"), path("/aaa/bbb", "Prefix", "aaa-slash-bbb-prefix"))
          + rule("impl", path("/foo", "ImplementationSpecific", "foo-prefix")))).table();

  @ParameterizedTest(name = "{0}{1} -> {2}")
  @CsvSource({
      "exact-path-rules, /foo, foo-exact",
      "exact-path-rules, /foo/, 404",
      "exact-path-rules, /FOO, 404",
      "exact-path-rules, /bar, 404",
      "prefix-path-rules, /foo, foo-prefix",
      "prefix-path-rules, /foo/, foo-prefix",
      "prefix-path-rules, /FOO, 404",
      "prefix-path-rules, /aaa/bbb, aaa-slash-bbb-prefix",
      "prefix-path-rules, /aaa/bbb/ccc, aaa-slash-bbb-prefix",
      "prefix-path-rules, /aaa/bbbxyz, aaa-prefix",
      "prefix-path-rules, /aaa/ccc, aaa-prefix",
      "prefix-path-rules, /aaaccc, 404",
      "mixed-path-rules, /foo, foo-exact",
      "mixed-path-rules, /foo/bar, foo-prefix",
      "trailing-slash-path-rules, /aaa/bbb, aaa-slash-bbb-slash-prefix",
      "trailing-slash-path-rules, /aaa/bbb/, aaa-slash-bbb-slash-prefix",
      "trailing-slash-path-rules, /foo, 404",
      "trailing-slash-path-rules, /foo/, foo-slash-exact",
      "root-prefix, /aaa/ccc, aaa-prefix",
      "root-prefix, /aaa/bbb, aaa-slash-bbb-prefix",
      "root-prefix, /ccc, root",
      "root-prefix, /, root",
      "impl, /foo/x, foo-prefix",
      "impl, /foox, 404",
  })
  void pathsMatchAsTheIngressDocumentationTableSays(String host, String path, String expected) {
    assertThat(served(PATH_RULES, host, path)).isEqualTo(expected);
  }

  private static final RouteTable HOST_RULES = withServices("wildcard-foo-com", "foo-bar-com").ingress(ingress("host-rules",
      rule("*.foo.com", path("/", "Prefix", "wildcard-foo-com")) + rule("foo.bar.com", path("/", "Prefix", "foo-bar-com")))).table();

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
      "foo.bar.com, foo-bar-com",
      "FOO.bar.com, foo-bar-com",
      "subdomain.bar.com, 404",
      "bar.foo.com, wildcard-foo-com",
      "baz.bar.foo.com, 404",
      "foo.com, 404",
  })
  void hostsMatchExactlyOrByAOneLabelWildcard(String host, String expected) {
    assertThat(served(HOST_RULES, host, "/")).isEqualTo(expected);
  }

  @Test
  void anExactHostWinsOverAWildcardAndRulesWithoutHostTakeTheRest() {
    RouteTable t = withServices("exact", "wild", "any").ingress(ingress("a", rule("*.foo.com", path("/", "Prefix", "wild"))
        + rule("bar.foo.com", path("/", "Prefix", "exact")) + rule(null, path("/", "Prefix", "any")))).table();
    assertThat(served(t, "bar.foo.com", "/x")).isEqualTo("exact");
    assertThat(served(t, "qux.foo.com", "/x")).isEqualTo("wild");
    assertThat(served(t, "example.org", "/x")).isEqualTo("any");
    assertThat(served(t, "10.96.0.20", "/x")).isEqualTo("any");
  }

  @Test
  void rulesMergeAcrossIngressesAndTheOldestKeepsAContestedPath() {
    Cluster c = withServices("old", "new", "other");
    c.ingress(ingress("first", rule("shop.example", path("/cart", "Prefix", "old"))));
    c.ingress(ingress("second", rule("shop.example", path("/cart/", "Prefix", "new"), path("/pay", "Exact", "other"))));
    RouteTable t = c.table();
    assertThat(served(t, "shop.example", "/cart/1")).isEqualTo("old");
    assertThat(served(t, "shop.example", "/pay")).isEqualTo("other");
    assertThat(t.pathCount()).isEqualTo(2);
    assertThat(t.route("shop.example", "/pay").site()).isEqualTo(new Site("default/second", "shop.example", "/pay"));
  }

  @Test
  void aDefaultBackendTakesWhatNoRuleMatchesAndWithoutOneItIs404() {
    String withDefault = ingress("d", rule("foo.com", path("/api", "Prefix", "api"))).replace("spec:\n",
        "spec:\n  defaultBackend:\n    service:\n      name: fallback\n      port:\n        name: http\n");
    RouteTable t = withServices("api", "fallback").ingress(withDefault).table();
    assertThat(served(t, "foo.com", "/api/x")).isEqualTo("api");
    assertThat(served(t, "foo.com", "/other")).isEqualTo("fallback");
    assertThat(served(t, "unknown.com", "/")).isEqualTo("fallback");
    assertThat(served(withServices("api").ingress(ingress("n", rule("foo.com", path("/api", "Prefix", "api")))).table(), "foo.com", "/x"))
        .isEqualTo("404");
    assertThat(served(RouteTable.empty(), "any", "/")).isEqualTo("404");
  }

  @Test
  void onlyReadyEndpointsAreUsedAndAServiceWithoutAnyAnswers503() {
    Cluster c = new Cluster().service("web", 80, "http", List.of("10.244.1.5", "10.244.2.5"), List.of("10.244.3.5"))
        .service("down", 80, "http", List.of(), List.of("10.244.3.6"));
    c.ingress(ingress("a", rule("web.com", path("/", "Prefix", "web").replace("number: 8080", "number: 80"))
        + rule("down.com", path("/", "Prefix", "down").replace("number: 8080", "number: 80"))));
    RouteTable t = c.table();
    Route.Proxy web = (Route.Proxy) t.route("web.com", "/");
    assertThat(web.upstream().endpoints()).containsExactly(new InetSocketAddress("10.244.1.5", 8080), new InetSocketAddress("10.244.2.5", 8080));
    Route down = t.route("down.com", "/");
    assertThat(down).isInstanceOfSatisfying(Route.Unavailable.class,
        u -> assertThat(u.reason()).isEqualTo("service default/down:80 has no ready endpoints"));
  }

  @Test
  void aBackendNamesItsServicePortByNumberOrByName() {
    Cluster c = new Cluster().service("web", 80, "web-http", List.of("10.244.1.5"), List.of());
    c.ingress(ingress("a", rule("n.com", path("/", "Prefix", "web").replace("number: 8080", "number: 80"))
        + rule("s.com", path("/", "Prefix", "web").replace("number: 8080", "name: web-http"))
        + rule("bad.com", path("/", "Prefix", "web").replace("number: 8080", "number: 81"))));
    RouteTableBuilder.Result r = c.build();
    assertThat(served(r.table(), "n.com", "/")).isEqualTo("web");
    assertThat(served(r.table(), "s.com", "/")).isEqualTo("web");
    assertThat(served(r.table(), "bad.com", "/")).isEqualTo("503");
    assertThat(r.problems()).containsExactly(new Problem("default", "a", "PortNotFound", "service default/web has no port 81"));
  }

  @Test
  void aMissingServiceOrAResourceBackendIsReportedAnd503WhileOtherRulesStillRoute() {
    String resource = "  - host: bucket.com\n    http:\n      paths:\n      - path: /\n        pathType: Prefix\n        backend:\n"
        + "          resource:\n            apiGroup: k8s.example.com\n            kind: StorageBucket\n            name: static\n";
    RouteTableBuilder.Result r = withServices("web").ingress(ingress("a", rule("gone.com", path("/", "Prefix", "gone"))
        + resource + rule("web.com", path("/", "Prefix", "web")))).build();
    assertThat(served(r.table(), "gone.com", "/")).isEqualTo("503");
    assertThat(served(r.table(), "bucket.com", "/")).isEqualTo("503");
    assertThat(served(r.table(), "web.com", "/")).isEqualTo("web");
    assertThat(r.problems()).extracting(Problem::reason).containsExactly("ServiceNotFound", "ResourceBackendUnsupported");
    assertThat(r.problems().get(1).message()).contains("resource backends are not supported by podnet.dev/ingress");
  }

  @Test
  void hostsListedUnderTlsAreTlsHostsWildcardsIncluded() {
    String tls = ingress("t", rule("foo.bar.com", path("/", "Prefix", "web")) + rule("a.wild.com", path("/", "Prefix", "web"))
        + rule("plain.com", path("/", "Prefix", "web"))) + "  tls:\n  - hosts: [foo.bar.com, \"*.wild.com\"]\n    secretName: s\n";
    RouteTable t = withServices("web").ingress(tls).table();
    assertThat(t.isTlsHost("foo.bar.com")).isTrue();
    assertThat(t.isTlsHost("a.wild.com")).isTrue();
    assertThat(t.isTlsHost("plain.com")).isFalse();
  }

  @Test
  void upstreamsRotateOverTheirEndpointsAndARetryMovesToTheNext() {
    Upstream u = new Upstream("default/web:80", List.of(new InetSocketAddress("10.0.0.1", 80), new InetSocketAddress("10.0.0.2", 80)));
    int start = u.start();
    assertThat(u.pick(start, 1)).isNotEqualTo(u.pick(start, 0));
    assertThat(u.pick(u.start(), 0)).isNotEqualTo(u.pick(start, 0));
  }

  @Test
  void prefixMatchingIsElementWise() {
    assertThat(HostRoutes.prefixMatches("/foo", "/foo")).isTrue();
    assertThat(HostRoutes.prefixMatches("/foo", "/foo/bar")).isTrue();
    assertThat(HostRoutes.prefixMatches("/foo", "/foobar")).isFalse();
    assertThat(HostRoutes.prefixMatches("", "/anything")).isTrue();
    assertThat(HostRoutes.normalizePrefix("/aaa/bbb//")).isEqualTo("/aaa/bbb");
  }

  @Test
  void aCanaryIngressSplitsTheSamePathOfAnotherAndNeverRoutesAlone() {
    String canary = ingress("canary", rule("shop.example", path("/", "Prefix", "new")) + rule("lonely.example", path("/", "Prefix", "new")))
        .replace("metadata:\n", "metadata:\n  annotations:\n    nginx.ingress.kubernetes.io/canary: \"true\"\n"
            + "    nginx.ingress.kubernetes.io/canary-by-header: X-Canary\n    nginx.ingress.kubernetes.io/canary-weight: \"20\"\n"
            + "    podnet.dev/canary-by-cookie: canary\n");
    Cluster c = withServices("old", "new");
    c.ingress(canary); // older than the main Ingress: canaries attach after every main route anyway
    c.ingress(ingress("main", rule("shop.example", path("/", "Prefix", "old"))));
    RouteTableBuilder.Result r = c.build();
    Route.Proxy main = (Route.Proxy) r.table().route("shop.example", "/x");
    assertThat(main.upstream().name()).isEqualTo("default/old:8080");
    assertThat(main.canary()).hasValueSatisfying(k -> {
      assertThat(k.route().upstream().name()).isEqualTo("default/new:8080");
      assertThat(k.header()).hasValue("X-Canary");
      assertThat(k.cookie()).as("podnet.dev/ names the same annotations").hasValue("canary");
      assertThat(k.weight()).isEqualTo(20);
      assertThat(k.total()).isEqualTo(100);
    });
    assertThat(served(r.table(), "lonely.example", "/")).isEqualTo("404");
    assertThat(r.problems()).extracting(Problem::reason).containsExactly("CanaryWithoutMain");
  }
}
