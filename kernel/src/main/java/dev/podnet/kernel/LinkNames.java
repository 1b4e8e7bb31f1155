package dev.podnet.kernel;

/** The kernel's rule for interface names (IFNAMSIZ = 16 with the NUL). */
public final class LinkNames {
  public static final int MAX = 15;

  private LinkNames() {}

  public static String check(String name) {
    if (!isValid(name)) {
      throw new IllegalArgumentException("bad interface name '" + name + "': 1-" + MAX + " characters, no '/', ':' or white space, not '.' or '..'");
    }
    return name;
  }

  public static boolean isValid(String name) {
    return name != null && !name.isEmpty() && name.length() <= MAX && !name.equals(".") && !name.equals("..")
        && name.chars().noneMatch(c -> c == '/' || c == ':' || Character.isWhitespace(c));
  }
}
