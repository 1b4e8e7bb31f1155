package dev.podnet.netexec;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One subcommand's flags, parsed the way agnhost's cobra/pflag (and Go's flag package) accept
 * them: {@code --name=value}, {@code --name value}, the single-dash spellings, booleans as a bare
 * {@code --name} or {@code --name=false}, and {@code --} ending the flags. Values are checked at
 * parse time so a bad one is reported against its flag, as pflag does.
 */
final class CommandLine {
    enum Kind { INT, STRING, BOOL, DURATION }

    private record Flag(String name, Kind kind, String defaultValue, String help) {}

    private static final Set<String> TRUE = Set.of("1", "t", "T", "true", "TRUE", "True");
    private static final Set<String> FALSE = Set.of("0", "f", "F", "false", "FALSE", "False");

    private final String command;
    private final String synopsis;
    private final Map<String, Flag> flags = new LinkedHashMap<>();

    CommandLine(String command, String synopsis) {
        this.command = command;
        this.synopsis = synopsis;
    }

    CommandLine flag(String name, Kind kind, String defaultValue, String help) {
        flags.put(name, new Flag(name, kind, defaultValue, help));
        return this;
    }

    /** What was given, defaults filled in; every value already valid for its kind. */
    record Parsed(Map<String, String> values, Set<String> given, List<String> positionals) {
        int integer(String name) {
            return Integer.parseInt(values.get(name));
        }

        String string(String name) {
            return values.get(name);
        }

        boolean bool(String name) {
            return TRUE.contains(values.get(name));
        }

        Duration duration(String name) {
            return GoDuration.parse(values.get(name));
        }

        boolean isSet(String name) {
            return given.contains(name);
        }
    }

    Parsed parse(List<String> args) throws UsageException {
        Map<String, String> values = new LinkedHashMap<>();
        flags.values().forEach(f -> values.put(f.name(), f.defaultValue()));
        Set<String> given = new java.util.HashSet<>();
        List<String> positionals = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg.equals("--")) {
                positionals.addAll(args.subList(i + 1, args.size()));
                break;
            }
            if (!arg.startsWith("-") || arg.equals("-")) {
                positionals.add(arg);
                continue;
            }
            String body = arg.startsWith("--") ? arg.substring(2) : arg.substring(1);
            int eq = body.indexOf('=');
            String name = eq < 0 ? body : body.substring(0, eq);
            if (name.equals("h") || name.equals("help")) {
                throw UsageException.help(command);
            }
            Flag flag = flags.get(name);
            if (flag == null) {
                throw UsageException.of("unknown flag: " + arg);
            }
            String value;
            if (eq >= 0) {
                value = body.substring(eq + 1);
            } else if (flag.kind() == Kind.BOOL) {
                value = "true";
            } else if (i + 1 < args.size()) {
                value = args.get(++i);
            } else {
                throw UsageException.of("flag needs an argument: " + arg);
            }
            values.put(name, check(flag, value));
            given.add(name);
        }
        return new Parsed(values, given, positionals);
    }

    private static String check(Flag flag, String value) throws UsageException {
        String invalid = "invalid argument \"" + value + "\" for \"--" + flag.name() + "\" flag: ";
        switch (flag.kind()) {
            case INT:
                try {
                    Integer.parseInt(value);
                } catch (NumberFormatException e) {
                    throw UsageException.of(invalid + "not an integer");
                }
                return value;
            case BOOL:
                if (!TRUE.contains(value) && !FALSE.contains(value)) {
                    throw UsageException.of(invalid + "not a boolean");
                }
                return value;
            case DURATION:
                try {
                    GoDuration.parse(value);
                } catch (IllegalArgumentException e) {
                    throw UsageException.of(invalid + e.getMessage());
                }
                return value;
            default:
                return value;
        }
    }

    String usage() {
        StringBuilder out = new StringBuilder("Usage:\n  agnhost ").append(command).append(' ')
                .append(synopsis).append("\n\nFlags:\n");
        for (Flag f : flags.values()) {
            String kind = f.kind() == Kind.BOOL ? "" : " " + f.kind().name().toLowerCase(java.util.Locale.ROOT);
            out.append(String.format("      --%-24s %s (default %s)%n", f.name() + kind, f.help(),
                    f.defaultValue().isEmpty() ? "\"\"" : f.defaultValue()));
        }
        return out.append("  -h, --help                       help for ").append(command).append('\n').toString();
    }
}
