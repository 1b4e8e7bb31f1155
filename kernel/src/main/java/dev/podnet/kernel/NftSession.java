package dev.podnet.kernel;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * {@link Nft} that applies transactions through one long-lived {@code nft -i} per namespace,
 * saving the fork/exec of nsenter and nft on every write. nft runs each input line as one batch,
 * so a script is joined into one line; after it comes a sentinel line that is always a syntax
 * error (no kernel round trip), whose echo on the merged stdout/stderr marks the end of the
 * transaction's output. Anything before it is the transaction's error. Listings, deletes, scripts
 * that cannot be joined safely (a {@code #}) or are very large go through {@link NftTool}; a dead
 * session is restarted on the next write.
 */
final class NftSession implements Nft {
  /**
   * Larger scripts (full syncs of many Services) take the {@code nft -f -} path: nft reads an
   * interactive line far slower than a file (a 10k-Service sync, 2.5 MB: 2 s as one line, 0.35 s
   * from {@code -f}), and past this size the saved fork is noise.
   */
  static final int MAX_LINE = 64 << 10;
  private static final long TIMEOUT_MS = 60_000;
  private static final String EOF = "\u0000eof";
  /** The session's HOME: absent, so nft reads and writes no history file. */
  static final String NO_HOME = "/nonexistent/podnet-nft-session";

  private final NftTool tool = new NftTool();
  private final Map<Netns, Proc> sessions = new HashMap<>();

  @Override
  public void apply(Netns netns, String script) {
    Optional<String> line = oneLine(script);
    if (line.isEmpty()) {
      tool.apply(netns, script);
      return;
    }
    Proc p;
    synchronized (sessions) {
      p = sessions.get(netns);
      if (p == null || !p.process.isAlive()) {
        p = Proc.start(netns);
        sessions.put(netns, p);
      }
    }
    try {
      p.apply(line.get(), script);
    } catch (KernelException e) {
      if (!p.process.isAlive()) {
        release(netns);
      }
      throw e;
    }
  }

  /** The script's commands on one line, or empty when they might not survive the join. */
  static Optional<String> oneLine(String script) {
    if (script.length() > MAX_LINE || script.indexOf('#') >= 0 || script.indexOf('\r') >= 0) {
      return Optional.empty();
    }
    StringBuilder b = new StringBuilder(script.length() + 64);
    for (String l : script.split("\n")) {
      String s = l.strip();
      while (s.endsWith(";")) {
        s = s.substring(0, s.length() - 1).strip();
      }
      if (s.isEmpty()) {
        continue;
      }
      if (b.length() > 0) {
        b.append("; ");
      }
      b.append(s);
    }
    return b.length() == 0 ? Optional.empty() : Optional.of(b.toString());
  }

  @Override
  public Optional<String> list(Netns netns, String family, String table) {
    return tool.list(netns, family, table);
  }

  @Override
  public Optional<String> listTerse(Netns netns, String... words) {
    return tool.listTerse(netns, words);
  }

  @Override
  public Optional<String> listObject(Netns netns, String... words) {
    return tool.listObject(netns, words);
  }

  @Override
  public void deleteTable(Netns netns, String family, String table) {
    tool.deleteTable(netns, family, table);
  }

  @Override
  public void release(Netns netns) {
    Proc p;
    synchronized (sessions) {
      p = sessions.remove(netns);
    }
    if (p != null) {
      p.close();
    }
  }

  private static final class Proc {
    final Netns netns;
    final Process process;
    final OutputStream in;
    final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    long seq;

    private Proc(Netns netns, Process process) {
      this.netns = netns;
      this.process = process;
      this.in = process.getOutputStream();
      Thread t = new Thread(this::read, "nft-session-" + netns);
      t.setDaemon(true);
      t.start();
    }

    static Proc start(Netns netns) {
      List<String> argv = new java.util.ArrayList<>(IpKernel.nsenter(netns));
      argv.add("nft");
      argv.add("-i");
      ProcessBuilder pb = new ProcessBuilder(argv).redirectErrorStream(true);
      pb.environment().put("LC_ALL", "C");
      // nft -i keeps a history in $HOME/.nft.history: every transaction would be appended to
      // root's (30 MB after a few benchmark runs) and the whole file read and rewritten at each
      // session's start and exit (1.5 s of CPU each). A HOME that does not exist keeps none.
      pb.environment().put("HOME", NO_HOME);
      try {
        return new Proc(netns, pb.start());
      } catch (IOException e) {
        throw new KernelException("start nft -i", netns, "cannot start " + argv.get(0) + ": " + e.getMessage());
      }
    }

    private void read() {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        for (String l; (l = r.readLine()) != null; ) {
          lines.add(l);
        }
      } catch (IOException e) {
        // the process is gone; the waiter sees EOF
      }
      lines.add(EOF);
    }

    synchronized void apply(String line, String script) {
      String what = "apply nft transaction (" + script.lines().count() + " lines, nft -i session)";
      String sentinel = "podnet_end_" + (++seq);
      try {
        in.write((line + "\n" + sentinel + "\n").getBytes(StandardCharsets.UTF_8));
        in.flush();
      } catch (IOException e) {
        process.destroyForcibly();
        throw new KernelException(what, netns, "nft -i session died: " + e.getMessage());
      }
      StringBuilder out = new StringBuilder();
      long deadline = System.currentTimeMillis() + TIMEOUT_MS;
      while (true) {
        String l;
        try {
          l = lines.poll(Math.max(1, deadline - System.currentTimeMillis()), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
          process.destroyForcibly();
          Thread.currentThread().interrupt();
          throw new KernelException(what, netns, "interrupted");
        }
        if (l == null || l.equals(EOF)) {
          process.destroyForcibly();
          throw new KernelException(what, netns, (l == null ? "no answer within " + TIMEOUT_MS / 1000 + " s" : "nft -i session exited")
              + "; output: " + shorten(out.toString()));
        }
        if (l.equals(sentinel)) {
          take(deadline); // the caret line under the sentinel
          break;
        }
        out.append(l).append('\n');
      }
      // the sentinel's own "Error: syntax error ..." line is the last one before its echo
      String text = out.toString();
      int cut = text.lastIndexOf("Error: ", text.length() - 1);
      String err = cut >= 0 ? text.substring(0, cut) : text;
      if (!err.isBlank()) {
        throw new KernelException(what, netns, describe(err, line));
      }
    }

    private void take(long deadline) {
      try {
        lines.poll(Math.max(1, deadline - System.currentTimeMillis()), TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    void close() {
      try {
        in.close();
      } catch (IOException e) {
        // already gone
      }
      try {
        if (!process.waitFor(2, TimeUnit.SECONDS)) {
          process.destroyForcibly();
        }
      } catch (InterruptedException e) {
        process.destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }
  }

  /**
   * nft echoes the whole (joined, possibly huge) line with carets under the failing part: keep
   * its messages, and in place of the line the one command the carets point into.
   */
  static String describe(String err, String line) {
    StringBuilder b = new StringBuilder();
    String[] ls = err.split("\n");
    for (int i = 0; i < ls.length; i++) {
      String l = ls[i];
      if (l.equals(line) && i + 1 < ls.length && ls[i + 1].strip().startsWith("^")) {
        int at = ls[i + 1].indexOf('^');
        int from = line.lastIndexOf("; ", at);
        int to = line.indexOf("; ", at);
        b.append("[command: ").append(line, from < 0 ? 0 : from + 2, to < 0 ? line.length() : to).append("]\n");
        i++;
      } else {
        b.append(l).append('\n');
      }
    }
    return shorten(b.toString().strip());
  }

  private static String shorten(String s) {
    return s.length() <= 4000 ? s : s.substring(0, 4000) + "...";
  }
}
