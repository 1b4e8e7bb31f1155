package dev.podnet.agent.cni;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.podnet.kernel.Exec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * An OCI image archive of Debian's busybox-static, built offline from the installed
 * {@code /bin/busybox}: one uncompressed, reproducible layer, a config, a manifest, an index.
 */
final class BusyboxImage {
  static final String NAME = "docker.io/podnet/busybox:test";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path BUSYBOX = Path.of("/bin/busybox");

  private BusyboxImage() {}

  /** Writes {@code dir/busybox-oci.tar} and returns it. */
  static Path build(Path dir) throws IOException {
    Path rootfs = dir.resolve("rootfs");
    Files.createDirectories(rootfs.resolve("bin"));
    Files.copy(BUSYBOX, rootfs.resolve("bin/busybox"));
    for (String applet : run(List.of(BUSYBOX.toString(), "--list")).split("\\s+")) {
      if (!applet.isEmpty() && !applet.equals("busybox")) {
        Files.createSymbolicLink(rootfs.resolve("bin").resolve(applet), Path.of("busybox"));
      }
    }
    for (String d : List.of("etc", "proc", "sys", "dev", "tmp")) {
      Files.createDirectories(rootfs.resolve(d));
    }
    Files.writeString(rootfs.resolve("etc/passwd"), "root:x:0:0:root:/:/bin/sh\n");
    Files.writeString(rootfs.resolve("etc/group"), "root:x:0:\n");
    Path layer = dir.resolve("layer.tar");
    run(List.of("tar", "--owner=0", "--group=0", "--numeric-owner", "--mtime=@0", "--sort=name", "-C", rootfs.toString(),
        "-cf", layer.toString(), "."));

    Path oci = dir.resolve("oci");
    Path blobs = Files.createDirectories(oci.resolve("blobs/sha256"));
    String layerDigest = blob(blobs, Files.readAllBytes(layer));
    ObjectNode config = JSON.createObjectNode().put("architecture", "amd64").put("os", "linux");
    config.putObject("config").putArray("Env").add("PATH=/bin");
    config.with("config").putArray("Cmd").add("/bin/sh");
    config.putObject("rootfs").put("type", "layers").putArray("diff_ids").add(layerDigest);
    byte[] configBytes = JSON.writeValueAsBytes(config);
    ObjectNode manifest = JSON.createObjectNode().put("schemaVersion", 2).put("mediaType", "application/vnd.oci.image.manifest.v1+json");
    manifest.set("config", descriptor("application/vnd.oci.image.config.v1+json", blob(blobs, configBytes), configBytes.length));
    manifest.putArray("layers").add(descriptor("application/vnd.oci.image.layer.v1.tar", layerDigest, Files.size(layer)));
    byte[] manifestBytes = JSON.writeValueAsBytes(manifest);
    ObjectNode index = JSON.createObjectNode().put("schemaVersion", 2);
    ObjectNode m = descriptor("application/vnd.oci.image.manifest.v1+json", blob(blobs, manifestBytes), manifestBytes.length);
    m.putObject("annotations").put("io.containerd.image.name", NAME).put("org.opencontainers.image.ref.name", "test");
    index.putArray("manifests").add(m);
    Files.write(oci.resolve("index.json"), JSON.writeValueAsBytes(index));
    Files.writeString(oci.resolve("oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");
    Path tar = dir.resolve("busybox-oci.tar");
    run(List.of("tar", "--owner=0", "--group=0", "--numeric-owner", "--mtime=@0", "--sort=name", "-C", oci.toString(),
        "-cf", tar.toString(), "oci-layout", "index.json", "blobs"));
    return tar;
  }

  private static ObjectNode descriptor(String mediaType, String digest, long size) {
    return JSON.createObjectNode().put("mediaType", mediaType).put("digest", digest).put("size", size);
  }

  private static String blob(Path blobs, byte[] content) throws IOException {
    try {
      String hex = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
      Files.write(blobs.resolve(hex), content);
      return "sha256:" + hex;
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String run(List<String> argv) {
    Exec.Result r = Exec.run(argv, null);
    if (!r.ok()) {
      throw new IllegalStateException(String.join(" ", argv) + " failed: " + r.stderr());
    }
    return r.stdout();
  }
}
