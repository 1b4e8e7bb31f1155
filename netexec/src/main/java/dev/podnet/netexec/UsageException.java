package dev.podnet.netexec;

/** A command line agnhost cannot run: an unknown subcommand or flag, or a flag value of the wrong kind. */
final class UsageException extends Exception {
    private final boolean helpAsked;

    private UsageException(String message, boolean helpAsked) {
        super(message);
        this.helpAsked = helpAsked;
    }

    static UsageException of(String message) {
        return new UsageException(message, false);
    }

    /** -h/--help: not an error, cobra prints the usage to stdout and exits 0. */
    static UsageException help(String command) {
        return new UsageException("help for " + command, true);
    }

    boolean helpAsked() {
        return helpAsked;
    }
}
