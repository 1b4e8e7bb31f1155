package dev.podnet.lab.runtime;

import java.util.List;
import java.util.Optional;

/**
 * What a container image means in the lab. There is no image store: a few images are built in
 * (the pause container), and any other image runs the container's {@code command}/{@code args}
 * from the host filesystem, inside the pod's namespaces.
 */
public final class Images {
  private Images() {}

  /** The command the agnhost image's containers find on their PATH (the runtime's tools directory). */
  public static final String AGNHOST = "agnhost";

  /** The command of the cluster DNS image {@code podnet/dns} (dns/target/podnet-dns of the installation). */
  public static final String DNS = "podnet-dns";

  /** The command of the Ingress controller image {@code podnet/ingress} (ingress/target/podnet-ingress of the installation). */
  public static final String INGRESS = "podnet-ingress";

  /** The built-in image's entrypoint, if {@code image} is one. */
  public static Optional<List<String>> entrypoint(String image) {
    String name = repository(image);
    if (name.equals("podnet/pause") || name.endsWith("/pause") || name.equals("pause")) {
      return Optional.of(List.of("sleep", "infinity"));
    }
    if (isAgnhost(image)) {
      return Optional.of(List.of(AGNHOST));
    }
    if (name.equals("podnet/dns")) {
      return Optional.of(List.of(DNS));
    }
    if (name.equals("podnet/ingress")) {
      return Optional.of(List.of(INGRESS));
    }
    return Optional.empty();
  }

  /** {@code podnet/agnhost} and upstream's {@code registry.k8s.io/e2e-test-images/agnhost:*}. */
  public static boolean isAgnhost(String image) {
    String name = repository(image);
    return name.equals("podnet/agnhost") || name.endsWith("e2e-test-images/agnhost") || name.equals("agnhost");
  }

  /** {@code registry.k8s.io/pause:3.9} → {@code registry.k8s.io/pause}. */
  static String repository(String image) {
    String s = image;
    int at = s.indexOf('@');
    if (at >= 0) {
      s = s.substring(0, at);
    }
    int colon = s.lastIndexOf(':');
    if (colon > s.lastIndexOf('/')) {
      s = s.substring(0, colon);
    }
    return s;
  }

  /**
   * The argv a container runs, as Kubernetes composes it: command replaces the entrypoint, args
   * replace the image's arguments; a host-filesystem image has no entrypoint, so it needs one of them.
   */
  public static List<String> argv(String image, List<String> command, List<String> args) {
    Optional<List<String>> entry = entrypoint(image);
    if (!command.isEmpty()) {
      return concat(command, args);
    }
    if (entry.isPresent()) {
      return concat(entry.get(), args);
    }
    if (!args.isEmpty()) {
      return args;
    }
    throw new IllegalArgumentException("image \"" + image + "\" is not built into podnet and the container has no command:"
        + " podnet runs command/args from the host filesystem, so set command (e.g. [\"sleep\", \"3600\"]) or use podnet/pause");
  }

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> out = new java.util.ArrayList<>(a);
    out.addAll(b);
    return out;
  }
}
