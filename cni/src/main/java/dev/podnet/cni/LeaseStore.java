package dev.podnet.cni;

import dev.podnet.kernel.Cidr;
import dev.podnet.kernel.Ip;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * IP leases in host-local's layout: one file per address, created with CREATE_NEW (that is the
 * reservation), holding "containerId\nifname". A JVM lock orders the agent's threads and a file
 * lock anything else that opens the directory, so no two attachments ever share an address.
 */
final class LeaseStore {
  private static final String LOCK = "lock";

  private final Path dir;
  private final Cidr range;
  private final ReentrantLock lock = new ReentrantLock();
  private long cursor = 2;

  LeaseStore(Path dir, Cidr range) {
    this.dir = dir;
    this.range = range.network();
  }

  /** Pod addresses: network, gateway (.1) and broadcast are never handed out. */
  String rangeText() {
    return range.addressAt(first()).getHostAddress() + "-" + range.addressAt(last()).getHostAddress() + " of " + range;
  }

  Path dir() {
    return dir;
  }

  InetAddress allocate(Attachment a) {
    return locked(() -> {
      Map<InetAddress, Attachment> all = readAll();
      all.forEach((ip, owner) -> {
        if (owner.equals(a)) {
          throw new CniException(CniException.INTERNAL, "duplicate allocation is not allowed",
              a + " already holds " + ip.getHostAddress() + " (" + dir.resolve(ip.getHostAddress()) + "); DEL it first");
        }
      });
      long span = last() - first() + 1;
      for (long i = 0; i < span; i++) {
        long off = first() + Math.floorMod(cursor - first() + i, span);
        InetAddress ip = range.addressAt(off);
        if (!all.containsKey(ip) && create(ip, a)) {
          cursor = off + 1;
          return ip;
        }
      }
      throw new CniException(CniException.TRY_AGAIN_LATER, "no free pod address in " + rangeText(),
          all.size() + " addresses are leased in " + dir + "; retry after pods are deleted");
    });
  }

  Optional<InetAddress> find(Attachment a) {
    return locked(() -> readAll().entrySet().stream().filter(e -> e.getValue().equals(a)).map(Map.Entry::getKey).findFirst());
  }

  /** Removes the attachment's lease; none counts as success. */
  Optional<InetAddress> release(Attachment a) {
    return locked(() -> {
      Optional<InetAddress> ip = readAll().entrySet().stream().filter(e -> e.getValue().equals(a)).map(Map.Entry::getKey).findFirst();
      ip.ifPresent(this::delete);
      return ip;
    });
  }

  /** Removes the lease of {@code ip} whoever holds it. */
  void release(InetAddress ip) {
    locked(() -> {
      delete(ip);
      return null;
    });
  }

  Map<InetAddress, Attachment> all() {
    return locked(this::readAll);
  }

  boolean exhausted() {
    return all().size() >= last() - first() + 1;
  }

  private long first() {
    return 2;
  }

  private long last() {
    return range.size() - 2;
  }

  private boolean create(InetAddress ip, Attachment a) {
    try {
      Files.writeString(dir.resolve(ip.getHostAddress()), a.containerId() + "\n" + a.ifname(), StandardCharsets.UTF_8,
          StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
      return true;
    } catch (FileAlreadyExistsException e) {
      return false;
    } catch (IOException e) {
      throw new CniException(CniException.IO_FAILURE, "write lease " + ip.getHostAddress() + " in " + dir, e.toString());
    }
  }

  private void delete(InetAddress ip) {
    try {
      Files.deleteIfExists(dir.resolve(ip.getHostAddress()));
    } catch (IOException e) {
      throw new CniException(CniException.IO_FAILURE, "remove lease " + ip.getHostAddress() + " in " + dir, e.toString());
    }
  }

  private Map<InetAddress, Attachment> readAll() {
    Map<InetAddress, Attachment> out = new LinkedHashMap<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : (Iterable<Path>) files::iterator) {
        leaseAddress(f.getFileName().toString()).ifPresent(ip -> read(f).ifPresent(a -> out.put(ip, a)));
      }
    } catch (IOException e) {
      throw new CniException(CniException.IO_FAILURE, "list leases in " + dir, e.toString());
    }
    return out;
  }

  private Optional<InetAddress> leaseAddress(String fileName) {
    try {
      InetAddress ip = Ip.parse(fileName);
      return range.contains(ip) ? Optional.of(ip) : Optional.empty();
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private static Optional<Attachment> read(Path f) {
    try {
      String[] lines = Files.readString(f, StandardCharsets.UTF_8).strip().split("\r?\n");
      return Optional.of(new Attachment(lines[0].strip(), lines.length > 1 ? lines[1].strip() : "eth0"));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new CniException(CniException.IO_FAILURE, "read lease " + f, e.toString());
    }
  }

  private <T> T locked(Supplier<T> body) {
    lock.lock();
    try {
      Files.createDirectories(dir);
      try (FileChannel ch = FileChannel.open(dir.resolve(LOCK), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
          FileLock ignored = ch.lock()) {
        return body.get();
      }
    } catch (IOException e) {
      throw new CniException(CniException.IO_FAILURE, "lock lease dir " + dir, e.toString());
    } finally {
      lock.unlock();
    }
  }
}
