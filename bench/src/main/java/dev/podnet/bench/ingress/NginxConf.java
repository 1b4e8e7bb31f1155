package dev.podnet.bench.ingress;

import java.util.List;
import java.util.stream.Collectors;

/**
 * nginx configurations: the backends (return 200, no log), and the proxy configured by hand as
 * ingress-nginx renders one Ingress rule (its nginx.tmpl defaults): upstream keepalive 320,
 * HTTP/1.1 to the upstream, the same forwarding headers podnet sets, and the upstreaminfo access
 * log on stdout, so both proxies do the same work per request.
 */
final class NginxConf {
  private NginxConf() {}

  static String backend(String prefix, int port) {
    return common(prefix, 1) + "http {\n  access_log off;\n  keepalive_requests 100000;\n"
        + "  server {\n    listen " + port + " reuseport;\n    location / { default_type text/plain; return 200 \"ok\\n\"; }\n  }\n}\n";
  }

  static String ingressNginx(String prefix, int workers, String host, List<String> endpoints) {
    String servers = endpoints.stream().map(e -> "    server " + e + " max_fails=0;").collect(Collectors.joining("\n"));
    return common(prefix, workers) + "http {\n"
        + "  log_format upstreaminfo '$remote_addr - $remote_user [$time_local] \"$request\" $status $body_bytes_sent \"$http_referer\" "
        + "\"$http_user_agent\" $request_length $request_time [$proxy_upstream_name] [] $upstream_addr $upstream_response_length "
        + "$upstream_response_time $upstream_status $req_id';\n"
        + "  map $http_x_request_id $req_id { default $http_x_request_id; \"\" $request_id; }\n"
        + "  access_log /dev/stdout upstreaminfo buffer=32k flush=1s;\n"
        + "  keepalive_timeout 75s;\n  keepalive_requests 1000;\n  client_max_body_size 1m;\n  large_client_header_buffers 4 8k;\n"
        + "  proxy_connect_timeout 5s;\n  proxy_read_timeout 60s;\n  proxy_send_timeout 60s;\n  proxy_buffering off;\n"
        + "  proxy_request_buffering on;\n  proxy_http_version 1.1;\n"
        + "  upstream upstream_balancer {\n" + servers + "\n    keepalive 320;\n    keepalive_requests 10000;\n    keepalive_timeout 60s;\n  }\n"
        + "  server {\n    listen 80 reuseport backlog=4096;\n    server_name " + host + ";\n"
        + "    set $proxy_upstream_name \"bench-echo-8080\";\n"
        + "    location / {\n"
        + "      proxy_set_header Host $host;\n      proxy_set_header X-Request-ID $req_id;\n      proxy_set_header X-Real-IP $remote_addr;\n"
        + "      proxy_set_header X-Forwarded-For $remote_addr;\n      proxy_set_header X-Forwarded-Host $host;\n"
        + "      proxy_set_header X-Forwarded-Port $server_port;\n      proxy_set_header X-Forwarded-Proto $scheme;\n"
        + "      proxy_set_header X-Forwarded-Scheme $scheme;\n      proxy_set_header X-Scheme $scheme;\n"
        + "      proxy_set_header Connection \"\";\n      proxy_set_header Proxy \"\";\n"
        + "      proxy_pass http://upstream_balancer;\n    }\n  }\n}\n";
  }

  private static String common(String prefix, int workers) {
    return "daemon off;\nmaster_process on;\nworker_processes " + workers + ";\nworker_rlimit_nofile 65536;\npid " + prefix + "/nginx.pid;\n"
        + "error_log stderr warn;\nevents { worker_connections 16384; multi_accept on; }\n";
  }
}
