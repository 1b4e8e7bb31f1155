package dev.podnet.api.validation;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The name syntaxes Kubernetes accepts, each answering with the reasons a string fails (none when it
 * is fine), worded as apimachinery words them so a user can search for the message.
 */
public final class Names {
  private static final String LABEL_FMT = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
  private static final Pattern DNS_LABEL = Pattern.compile(LABEL_FMT);
  private static final Pattern DNS_SUBDOMAIN = Pattern.compile(LABEL_FMT + "(\\." + LABEL_FMT + ")*");
  private static final String DNS1035_FMT = "[a-z]([-a-z0-9]*[a-z0-9])?";
  private static final Pattern DNS1035_LABEL = Pattern.compile(DNS1035_FMT);
  private static final Pattern WILDCARD_SUBDOMAIN = Pattern.compile("\\*\\." + LABEL_FMT + "(\\." + LABEL_FMT + ")*");
  private static final String QUALIFIED_FMT = "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]";
  private static final Pattern QUALIFIED = Pattern.compile(QUALIFIED_FMT);
  private static final Pattern LABEL_VALUE = Pattern.compile("(" + QUALIFIED_FMT + ")?");
  private static final Pattern PORT_NAME_CHARS = Pattern.compile("[-a-z0-9]+");
  private static final Pattern HAS_LETTER = Pattern.compile(".*[a-z].*");
  private static final String ENV_FMT = "[-._a-zA-Z][-._a-zA-Z0-9]*";
  private static final Pattern ENV_NAME = Pattern.compile(ENV_FMT);

  public static final int LABEL_MAX = 63;
  public static final int SUBDOMAIN_MAX = 253;

  private static final String LABEL_MSG = "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', "
      + "and must start and end with an alphanumeric character" + examples(LABEL_FMT, "my-name", "123-abc");
  private static final String SUBDOMAIN_MSG = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, "
      + "'-' or '.', and must start and end with an alphanumeric character" + examples(DNS_SUBDOMAIN.pattern(), "example.com");

  private Names() {}

  public static List<String> dnsLabel(String value) {
    return check(value, LABEL_MAX, DNS_LABEL, LABEL_MSG);
  }

  public static List<String> dnsSubdomain(String value) {
    return check(value, SUBDOMAIN_MAX, DNS_SUBDOMAIN, SUBDOMAIN_MSG);
  }

  /**
   * A name that is one segment of a URL path (upstream's ValidatePathSegmentName): RBAC objects are
   * named this way, so {@code system:node} is a valid ClusterRole name.
   */
  public static List<String> pathSegment(String value) {
    if (value.equals(".") || value.equals("..")) {
      return List.of("may not be '" + value + "'");
    }
    List<String> errors = new ArrayList<>();
    for (String illegal : List.of("/", "%")) {
      if (value.contains(illegal)) {
        errors.add("may not contain '" + illegal + "'");
      }
    }
    return errors;
  }

  /** What a Service may be called (upstream's NameIsDNS1035Label): a label that starts with a letter. */
  public static List<String> dns1035Label(String value) {
    return check(value, LABEL_MAX, DNS1035_LABEL, "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an "
        + "alphabetic character, and end with an alphanumeric character" + examples(DNS1035_FMT, "my-name", "abc-123"));
  }

  /** An Ingress host like {@code *.example.com}: exactly one leading wildcard label, then a subdomain. */
  public static List<String> wildcardDnsSubdomain(String value) {
    return check(value, SUBDOMAIN_MAX, WILDCARD_SUBDOMAIN, "a wildcard DNS-1123 subdomain must start with '*.', followed by a valid DNS "
        + "subdomain, which must consist of lower case alphanumeric characters, '-' or '.' and end with an alphanumeric character"
        + examples(WILDCARD_SUBDOMAIN.pattern(), "*.example.com"));
  }

  /** A label or annotation key: an optional DNS subdomain prefix and '/', then a name of at most 63 characters. */
  public static List<String> qualifiedName(String value) {
    List<String> errors = new ArrayList<>();
    String name = value;
    int slash = value.indexOf('/');
    if (slash >= 0) {
      String prefix = value.substring(0, slash);
      name = value.substring(slash + 1);
      if (prefix.isEmpty()) {
        errors.add("prefix part must be non-empty");
      } else {
        dnsSubdomain(prefix).forEach(e -> errors.add("prefix part " + e));
      }
    }
    if (name.isEmpty()) {
      errors.add("name part must be non-empty");
    } else if (name.length() > LABEL_MAX) {
      errors.add("name part must be no more than 63 characters");
    } else if (!QUALIFIED.matcher(name).matches()) {
      errors.add("name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric "
          + "character" + examples(QUALIFIED_FMT, "MyName", "my.name", "123-abc")
          + " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')");
    }
    return errors;
  }

  public static List<String> labelValue(String value) {
    return check(value, LABEL_MAX, LABEL_VALUE, "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' "
        + "or '.', and must start and end with an alphanumeric character" + examples(LABEL_VALUE.pattern(), "MyValue", "my_value", "12345"));
  }

  /** IANA_SVC_NAME (RFC 6335): what a named port may be called. */
  public static List<String> portName(String value) {
    List<String> errors = new ArrayList<>();
    if (value.length() > 15) {
      errors.add("must be no more than 15 characters");
    }
    if (!PORT_NAME_CHARS.matcher(value).matches()) {
      errors.add("must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)");
    }
    if (!HAS_LETTER.matcher(value).matches()) {
      errors.add("must contain at least one letter (a-z)");
    }
    if (value.contains("--")) {
      errors.add("must not contain consecutive hyphens");
    }
    if (value.startsWith("-") || value.endsWith("-")) {
      errors.add("must not begin or end with a hyphen");
    }
    return errors;
  }

  public static List<String> envVarName(String value) {
    List<String> errors = new ArrayList<>();
    if (!ENV_NAME.matcher(value).matches()) {
      errors.add("a valid environment variable name must consist of alphabetic characters, digits, '_', '-', or '.', and must not "
          + "start with a digit" + examples(ENV_FMT, "my.env-name", "MY_ENV.NAME", "MyEnvName1"));
    }
    if (value.equals(".")) {
      errors.add("must not be '.'");
    } else if (value.startsWith("..")) {
      errors.add("must not start with '..'");
    }
    return errors;
  }

  private static List<String> check(String value, int max, Pattern pattern, String message) {
    List<String> errors = new ArrayList<>();
    if (value.length() > max) {
      errors.add("must be no more than " + max + " characters");
    }
    if (!pattern.matcher(value).matches()) {
      errors.add(message);
    }
    return errors;
  }

  private static String examples(String regex, String... examples) {
    StringBuilder b = new StringBuilder(" (e.g. ");
    for (int i = 0; i < examples.length; i++) {
      b.append(i == 0 ? "" : ", or ").append('\'').append(examples[i]).append('\'');
    }
    return b.append(", regex used for validation is '").append(regex).append("')").toString();
  }
}
