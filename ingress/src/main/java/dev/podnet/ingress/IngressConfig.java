package dev.podnet.ingress;

import java.time.Duration;

/**
 * The controller's settings, from flags (the Deployment's args), ingress-nginx's defaults
 * otherwise: {@code --ingress-class podnet --controller-class podnet.dev/ingress
 * --publish-service podnet-ingress/controller --http-port 80 --https-port 443 --status-port 10254
 * --connect-timeout-seconds 5 --read-timeout-seconds 60 --threads <cores> --access-log true}.
 *
 * @param publishService {@code ns/name} of the Service whose load-balancer address the Ingresses get
 */
record IngressConfig(String ingressClass, String controller, String publishService, int httpPort, int httpsPort, int statusPort,
    Duration connectTimeout, Duration readTimeout, int threads, boolean accessLog) {

  static IngressConfig parse(String[] args) {
    String ingressClass = "podnet";
    String controller = "podnet.dev/ingress";
    String publish = "podnet-ingress/controller";
    int http = 80;
    int https = 443;
    int status = 10254;
    long connect = 5;
    long read = 60;
    int threads = Runtime.getRuntime().availableProcessors();
    boolean accessLog = true;
    for (int i = 0; i < args.length; i++) {
      String flag = args[i];
      String value = i + 1 < args.length ? args[++i] : usage("flag " + flag + " needs a value");
      switch (flag) {
        case "--ingress-class" -> ingressClass = value;
        case "--controller-class" -> controller = value;
        case "--publish-service" -> publish = value;
        case "--http-port" -> http = Integer.parseInt(value);
        case "--https-port" -> https = Integer.parseInt(value);
        case "--status-port" -> status = Integer.parseInt(value);
        case "--connect-timeout-seconds" -> connect = Long.parseLong(value);
        case "--read-timeout-seconds" -> read = Long.parseLong(value);
        case "--threads" -> threads = Integer.parseInt(value);
        case "--access-log" -> accessLog = Boolean.parseBoolean(value);
        default -> usage("unknown flag " + flag);
      }
    }
    if (!publish.contains("/")) {
      usage("--publish-service must be namespace/name, got " + publish);
    }
    return new IngressConfig(ingressClass, controller, publish, http, https, status, Duration.ofSeconds(connect), Duration.ofSeconds(read),
        Math.max(1, threads), accessLog);
  }

  private static String usage(String problem) {
    throw new IllegalArgumentException(problem + " (flags: --ingress-class NAME --controller-class DOMAIN/PATH --publish-service NS/NAME "
        + "--http-port N --https-port N --status-port N --connect-timeout-seconds N --read-timeout-seconds N --threads N --access-log BOOL)");
  }
}
