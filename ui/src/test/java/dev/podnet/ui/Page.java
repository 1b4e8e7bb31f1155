package dev.podnet.ui;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** Reading the map page through its test hook ({@code window.podnetMap}). */
public final class Page {
  /** Generous: the machine these run on is shared and loaded; a live change normally shows within a second. */
  static final long WAIT_MS = 20_000;

  private Page() {}

  /** Waits until {@code condition} holds in the page; fails with what the map held when it does not. */
  public static void await(HeadlessChromium browser, String condition) throws Exception {
    long end = System.currentTimeMillis() + WAIT_MS;
    while (System.currentTimeMillis() < end) {
      if (browser.eval("!!(" + condition + ")").asBoolean()) {
        return;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("the map page never got to " + condition + " within " + WAIT_MS + " ms; it shows "
        + browser.eval("window.podnetMap ? podnetMap.ids() : 'no map'"));
  }

  public static List<String> ids(HeadlessChromium browser, String kind) throws Exception {
    return strings(browser, "podnetMap.ids('" + kind + "')");
  }

  public static List<String> strings(HeadlessChromium browser, String expression) throws Exception {
    List<String> out = new ArrayList<>();
    for (JsonNode n : browser.eval(expression)) {
      out.add(n.asText());
    }
    return out;
  }
}
