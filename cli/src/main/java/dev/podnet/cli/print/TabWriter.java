package dev.podnet.cli.print;

import java.util.ArrayList;
import java.util.List;

/**
 * Go's text/tabwriter, which kubectl prints through: cells end at a tab, and a column is as wide as its
 * widest cell plus padding within each block of consecutive lines that have a cell in that column. Text
 * after a line's last tab is not part of any column. {@code get} tables use (6, 3), {@code describe} (0, 2).
 */
public final class TabWriter {
  private final int minWidth;
  private final int padding;
  private List<String[]> lines;
  private final List<Integer> widths = new ArrayList<>();
  private StringBuilder out;

  public TabWriter(int minWidth, int padding) {
    this.minWidth = minWidth;
    this.padding = padding;
  }

  public static TabWriter table() {
    return new TabWriter(6, 3);
  }

  /** The lines laid out, each followed by a newline. */
  public synchronized String format(List<String> text) {
    lines = text.stream().map(l -> l.split("\t", -1)).toList();
    out = new StringBuilder();
    format(0, lines.size());
    return out.toString();
  }

  private void format(int from, int to) {
    int column = widths.size();
    int start = from;
    for (int at = from; at < to; at++) {
      if (column >= lines.get(at).length - 1) {
        continue;
      }
      write(start, at);
      start = at;
      int width = minWidth;
      for (; at < to && column < lines.get(at).length - 1; at++) {
        width = Math.max(width, lines.get(at)[column].length() + padding);
      }
      widths.add(width);
      format(start, at);
      widths.remove(widths.size() - 1);
      start = at;
      at--;
    }
    write(start, to);
  }

  private void write(int from, int to) {
    for (int i = from; i < to; i++) {
      String[] cells = lines.get(i);
      for (int j = 0; j < cells.length; j++) {
        out.append(cells[j]);
        if (j < cells.length - 1) {
          out.append(" ".repeat(Math.max(0, widths.get(j) - cells[j].length())));
        }
      }
      out.append('\n');
    }
  }
}
