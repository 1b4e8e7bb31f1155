package dev.podnet.kernel;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import com.sun.jna.Structure;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A pseudo-terminal pair, as {@code kubectl exec -t} needs one: the process gets the slave (by
 * its {@code /dev/pts/N} path), podnetd reads and writes the master. Reads poll with a timeout
 * so a reader thread notices {@link #close()} even while a stray process still holds the slave
 * open; the master fd is closed only when no read or write is inside the kernel with it, so a
 * reused fd number is never touched.
 */
public final class Pty implements AutoCloseable {
  private static final int O_RDWR = 2;
  private static final int O_NOCTTY = 0400;
  private static final int O_CLOEXEC = 02000000;
  private static final long TIOCSWINSZ = 0x5414;
  private static final short POLLIN = 1;
  private static final int POLL_MS = 200;
  private static final int EINTR = 4;
  private static final int EAGAIN = 11;
  private static final int EIO = 5;

  interface LibC extends Library {
    int posix_openpt(int flags) throws LastErrorException;

    int grantpt(int fd) throws LastErrorException;

    int unlockpt(int fd) throws LastErrorException;

    int ptsname_r(int fd, byte[] buf, NativeLong len) throws LastErrorException;

    NativeLong read(int fd, byte[] buf, NativeLong count) throws LastErrorException;

    NativeLong write(int fd, byte[] buf, NativeLong count) throws LastErrorException;

    int ioctl(int fd, NativeLong request, Winsize size) throws LastErrorException;

    int poll(PollFd fds, NativeLong nfds, int timeout) throws LastErrorException;

    int close(int fd);
  }

  /** {@code struct winsize}. */
  @Structure.FieldOrder({"ws_row", "ws_col", "ws_xpixel", "ws_ypixel"})
  public static final class Winsize extends Structure {
    public short ws_row;
    public short ws_col;
    public short ws_xpixel;
    public short ws_ypixel;
  }

  /** {@code struct pollfd}. */
  @Structure.FieldOrder({"fd", "events", "revents"})
  public static final class PollFd extends Structure {
    public int fd;
    public short events;
    public short revents;
  }

  private static final class Holder {
    static final LibC C = Native.load("c", LibC.class);
  }

  private final int master;
  private final String slave;
  private int users;
  private boolean closed;

  private Pty(int master, String slave) {
    this.master = master;
    this.slave = slave;
  }

  /** A new pair; the slave is unlocked and ready to be opened by path. */
  public static Pty open() {
    LibC c = Holder.C;
    int fd;
    try {
      fd = c.posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);
    } catch (LastErrorException e) {
      throw new KernelException("posix_openpt", "host", "errno " + e.getErrorCode() + " (is /dev/ptmx there and devpts mounted?)");
    }
    try {
      c.grantpt(fd);
      c.unlockpt(fd);
      byte[] name = new byte[128];
      c.ptsname_r(fd, name, new NativeLong(name.length));
      int len = 0;
      while (len < name.length && name[len] != 0) {
        len++;
      }
      return new Pty(fd, new String(name, 0, len, StandardCharsets.US_ASCII));
    } catch (LastErrorException e) {
      c.close(fd);
      throw new KernelException("prepare pty slave of master fd " + fd, "host", "errno " + e.getErrorCode());
    }
  }

  /** The slave's path, e.g. {@code /dev/pts/3}, for the process's stdin, stdout and stderr. */
  public String slavePath() {
    return slave;
  }

  /** Sets the terminal's size; the foreground process group gets SIGWINCH from the kernel. */
  public void resize(int columns, int rows) {
    Winsize ws = new Winsize();
    ws.ws_col = (short) columns;
    ws.ws_row = (short) rows;
    if (enter()) {
      try {
        Holder.C.ioctl(master, new NativeLong(TIOCSWINSZ), ws);
      } catch (LastErrorException e) {
        throw new KernelException("resize pty " + slave + " to " + columns + "x" + rows, "host", "errno " + e.getErrorCode());
      } finally {
        leave();
      }
    }
  }

  /** What the terminal shows: -1 once every slave is closed (the process ended) or this pty is closed. */
  public int read(byte[] buf) {
    PollFd p = new PollFd();
    p.fd = master;
    p.events = POLLIN;
    while (enter()) {
      try {
        p.revents = 0;
        if (Holder.C.poll(p, new NativeLong(1), POLL_MS) == 0) {
          continue;
        }
        int n = Holder.C.read(master, buf, new NativeLong(buf.length)).intValue();
        return n <= 0 ? -1 : n;
      } catch (LastErrorException e) {
        if (e.getErrorCode() == EINTR || e.getErrorCode() == EAGAIN) {
          continue;
        }
        // EIO is how a master says that no process has the slave open any more
        return -1;
      } finally {
        leave();
      }
    }
    return -1;
  }

  /** Types into the terminal. */
  public void write(byte[] b, int off, int len) throws IOException {
    byte[] chunk = off == 0 && len == b.length ? b : Arrays.copyOfRange(b, off, off + len);
    int done = 0;
    while (done < chunk.length) {
      if (!enter()) {
        throw new IOException("pty " + slave + " is closed");
      }
      try {
        byte[] rest = done == 0 ? chunk : Arrays.copyOfRange(chunk, done, chunk.length);
        done += Holder.C.write(master, rest, new NativeLong(rest.length)).intValue();
      } catch (LastErrorException e) {
        if (e.getErrorCode() != EINTR && e.getErrorCode() != EAGAIN) {
          throw new IOException("write to pty " + slave + ": errno " + e.getErrorCode() + (e.getErrorCode() == EIO ? " (the process ended)" : ""));
        }
      } finally {
        leave();
      }
    }
  }

  /** The master as streams, for code that copies bytes. */
  public InputStream input() {
    return new InputStream() {
      @Override
      public int read() {
        byte[] one = new byte[1];
        return Pty.this.read(one) < 0 ? -1 : one[0] & 0xff;
      }

      @Override
      public int read(byte[] b, int off, int len) {
        byte[] buf = off == 0 && len == b.length ? b : new byte[len];
        int n = Pty.this.read(buf);
        if (n > 0 && buf != b) {
          System.arraycopy(buf, 0, b, off, n);
        }
        return n;
      }
    };
  }

  public OutputStream output() {
    return new OutputStream() {
      @Override
      public void write(int b) throws IOException {
        Pty.this.write(new byte[] {(byte) b}, 0, 1);
      }

      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        Pty.this.write(b, off, len);
      }
    };
  }

  private synchronized boolean enter() {
    if (closed) {
      return false;
    }
    users++;
    return true;
  }

  private synchronized void leave() {
    users--;
    if (closed && users == 0) {
      Holder.C.close(master);
    }
  }

  /** Closes the master once no read (at most {@value #POLL_MS} ms away) or write still uses it. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (users == 0) {
      Holder.C.close(master);
    }
  }
}
