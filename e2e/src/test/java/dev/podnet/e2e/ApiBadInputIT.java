package dev.podnet.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.podnet.kernel.Exec;
import dev.podnet.kernel.KernelTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Bad input over the real HTTPS API (curl with the admin certificate from the printed kubeconfig):
 * each gets a Kubernetes Status with upstream's code and a message that names what is wrong, and
 * nothing is stored.
 */
@KernelTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApiBadInputIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String CM = "/api/v1/namespaces/default/configmaps";
  private final Podnet podnet = Podnet.forRun("bad");
  private Path dir;
  private String server;

  record Answer(int code, JsonNode body) {}

  @BeforeAll
  void up() throws IOException {
    podnet.up("--nodes", "1");
    dir = Files.createTempDirectory("podnet-bad-input");
    JsonNode kc = new YAMLMapper().readTree(podnet.ok("kubeconfig").out());
    server = kc.at("/clusters/0/cluster/server").asText();
    write("ca.crt", kc.at("/clusters/0/cluster/certificate-authority-data").asText());
    write("admin.crt", kc.at("/users/0/user/client-certificate-data").asText());
    write("admin.key", kc.at("/users/0/user/client-key-data").asText());
    Answer made = send("POST", CM, "application/json", "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"kept\"},\"data\":{\"a\":\"1\"}}");
    assertThat(made.code()).as(made.body().toString()).isEqualTo(201);
  }

  @AfterAll
  void down() {
    podnet.downAndForget();
    if (dir != null) {
      Podnet.deleteTree(dir);
    }
  }

  private void write(String name, String base64) throws IOException {
    Path p = dir.resolve(name);
    Files.write(p, Base64.getDecoder().decode(base64));
  }

  private Answer send(String method, String path, String contentType, String body) throws IOException {
    Path in = dir.resolve("body");
    Files.writeString(in, body == null ? "" : body);
    List<String> argv = new ArrayList<>(List.of("curl", "-s", "-o", dir.resolve("out").toString(), "-w", "%{http_code}", "-X", method,
        "--cacert", dir.resolve("ca.crt").toString(), "--cert", dir.resolve("admin.crt").toString(), "--key", dir.resolve("admin.key").toString()));
    if (body != null) {
      argv.addAll(List.of("-H", "Content-Type: " + contentType, "--data-binary", "@" + in));
    }
    argv.add(server + path);
    Exec.Result r = Exec.run(argv, null, Duration.ofSeconds(30));
    String out = Files.readString(dir.resolve("out"));
    return new Answer(Integer.parseInt(r.stdout().strip()), out.isBlank() ? JSON.createObjectNode() : JSON.readTree(out));
  }

  /** The configmaps in default, by name and data: what "nothing stored" is checked against. */
  private String stored() throws IOException {
    Answer list = send("GET", CM, null, null);
    StringBuilder b = new StringBuilder();
    list.body().path("items").forEach(i -> b.append(i.at("/metadata/name").asText()).append(i.path("data")).append(';'));
    return b.toString();
  }

  private void assertStatus(Answer a, int code, String reason, String... inMessage) {
    assertThat(a.code()).as(a.body().toString()).isEqualTo(code);
    assertThat(a.body().path("kind").asText()).isEqualTo("Status");
    assertThat(a.body().path("code").asInt()).isEqualTo(code);
    assertThat(a.body().path("reason").asText()).isEqualTo(reason);
    assertThat(a.body().path("message").asText()).contains(inMessage);
  }

  @Test
  void everyKindOfBadInputIsAStatusNamingTheProblemAndStoresNothing() throws IOException {
    String before = stored();
    assertStatus(send("POST", CM, "application/json", "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"x\""), 400, "BadRequest", "line");
    assertStatus(send("POST", CM, "application/yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x\ndata: [\n"), 400, "BadRequest", "line");
    assertStatus(send("POST", CM, "application/json", "{\"apiVersion\":\"v1\",\"kind\":\"Frobnicator\",\"metadata\":{\"name\":\"x\"}}"), 400, "BadRequest",
        "Frobnicator");
    assertThat(send("GET", "/apis/example.com/v1/namespaces/default/frobs", null, null).code()).isEqualTo(404);
    assertStatus(send("POST", CM + "?fieldValidation=Strict", "application/json",
        "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"x\"},\"data\":{\"a\":\"1\"},\"dta\":{}}"), 400, "BadRequest",
        "unknown field \"dta\"");
    assertStatus(send("PUT", CM + "/kept", "application/json",
        "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"kept\",\"resourceVersion\":\"1\"},\"data\":{\"a\":\"2\"}}"), 409, "Conflict",
        "the object has been modified");
    assertStatus(send("PATCH", CM + "/kept", "application/json-patch+json", "[{\"op\":\"replace\",\"path\":\"/data/missing/x\",\"value\":\"2\"}]"), 422,
        "Invalid", "/data/missing");
    assertThat(send("PATCH", CM + "/kept", "application/merge-patch+json", "{not json").code()).isEqualTo(400);
    String huge = "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"huge\"},\"data\":{\"a\":\"" + "x".repeat(4 << 20) + "\"}}";
    assertStatus(send("POST", CM, "application/json", huge), 413, "RequestEntityTooLarge", "limit is 3145728");
    assertThat(stored()).as("nothing stored by any of them").isEqualTo(before);
  }
}
