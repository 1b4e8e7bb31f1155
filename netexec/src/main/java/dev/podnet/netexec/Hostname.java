package dev.podnet.netexec;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The host name as Go's os.Hostname sees it: the UTS namespace's name, which for a pod is the pod
 * name. Read from procfs rather than InetAddress, which would ask DNS and can take seconds.
 */
final class Hostname {
    private static final Path KERNEL_HOSTNAME = Path.of("/proc/sys/kernel/hostname");

    private Hostname() {
    }

    static String current() {
        try {
            return Files.readString(KERNEL_HOSTNAME).strip();
        } catch (IOException e) {
            throw new UncheckedIOException("read host name from " + KERNEL_HOSTNAME + ": " + e.getMessage(), e);
        }
    }
}
