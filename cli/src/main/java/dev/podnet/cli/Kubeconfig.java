package dev.podnet.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Iterator;
import java.util.Map;

/**
 * A kubeconfig file as a tree, edited the way kind does: one cluster, user and context of the
 * same name are put in (replacing entries of that name) or taken out, and everything else in
 * the file — other clusters, users, contexts, preferences, extensions — is kept as it was.
 */
final class Kubeconfig {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory().disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
      .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES));
  private static final String[] SECTIONS = {"clusters", "users", "contexts"};

  private final ObjectNode root;

  private Kubeconfig(ObjectNode root) {
    this.root = root;
  }

  static Kubeconfig empty() {
    ObjectNode r = YAML.createObjectNode();
    r.put("apiVersion", "v1");
    r.put("kind", "Config");
    r.set("clusters", YAML.createArrayNode());
    r.set("contexts", YAML.createArrayNode());
    r.put("current-context", "");
    r.set("preferences", YAML.createObjectNode());
    r.set("users", YAML.createArrayNode());
    return new Kubeconfig(r);
  }

  /** The file's content; a missing or empty file is an empty kubeconfig. */
  static Kubeconfig read(Path file) {
    try {
      if (!Files.exists(file) || Files.size(file) == 0) {
        return empty();
      }
      JsonNode n = YAML.readTree(file.toFile());
      if (n == null || n.isMissingNode() || n.isNull()) {
        return empty();
      }
      if (!n.isObject()) {
        throw new CliException("kubeconfig " + file + " is not a YAML mapping; fix or move it, then run the command again");
      }
      return new Kubeconfig((ObjectNode) n);
    } catch (IOException e) {
      throw new CliException("cannot read kubeconfig " + file + ": " + e.getMessage());
    }
  }

  /** Puts {@code e} in, replacing same-named entries, and makes it the current context. */
  Kubeconfig merge(KubeconfigEntry e) {
    remove(e.name());
    put("clusters", e.name(), "cluster", Map.of("server", e.server(), "certificate-authority-data", e.caData()));
    put("users", e.name(), "user", Map.of("client-certificate-data", e.certificateData(), "client-key-data", e.keyData()));
    put("contexts", e.name(), "context", Map.of("cluster", e.name(), "user", e.name()));
    root.put("current-context", e.name());
    return this;
  }

  /** Takes out the cluster, user and context called {@code name}; clears current-context if it named it. True if anything was there. */
  boolean remove(String name) {
    boolean removed = false;
    for (String s : SECTIONS) {
      JsonNode list = root.path(s);
      if (!list.isArray()) {
        continue;
      }
      for (Iterator<JsonNode> it = list.elements(); it.hasNext();) {
        if (name.equals(it.next().path("name").asText())) {
          it.remove();
          removed = true;
        }
      }
    }
    if (name.equals(root.path("current-context").asText())) {
      root.put("current-context", "");
      removed = true;
    }
    return removed;
  }

  boolean hasContext(String name) {
    for (JsonNode c : root.path("contexts")) {
      if (name.equals(c.path("name").asText())) {
        return true;
      }
    }
    return false;
  }

  String currentContext() {
    return root.path("current-context").asText("");
  }

  private void put(String section, String name, String key, Map<String, String> fields) {
    JsonNode existing = root.get(section);
    ArrayNode list = existing instanceof ArrayNode a ? a : root.putArray(section);
    ObjectNode entry = list.addObject();
    entry.put("name", name);
    ObjectNode body = entry.putObject(key);
    fields.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(f -> body.put(f.getKey(), f.getValue()));
  }

  String text() {
    try {
      return YAML.writeValueAsString(root);
    } catch (IOException e) {
      throw new CliException("cannot write kubeconfig: " + e.getMessage());
    }
  }

  /** Replaces {@code file} whole (write aside, then rename), readable by its owner only as it holds a private key. */
  void write(Path file) {
    try {
      Path dir = file.toAbsolutePath().getParent();
      Files.createDirectories(dir);
      Path tmp = Files.createTempFile(dir, ".kubeconfig", ".tmp", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      Files.writeString(tmp, text());
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new CliException("cannot write kubeconfig " + file + ": " + e.getMessage());
    }
  }

  /** kubectl's choice: the first file of {@code $KUBECONFIG}, else {@code ~/.kube/config}. */
  static Path location(Map<String, String> env) {
    String list = env.getOrDefault("KUBECONFIG", "");
    for (String p : list.split(":")) {
      if (!p.isBlank()) {
        return Path.of(p);
      }
    }
    return Path.of(env.getOrDefault("HOME", System.getProperty("user.home")), ".kube", "config");
  }
}
