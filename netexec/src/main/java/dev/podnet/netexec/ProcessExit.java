package dev.podnet.netexec;

/**
 * How a subcommand ends the process. The real one halts, as Go's os.Exit does: no shutdown
 * hooks, no waiting for threads. Tests pass a recorder instead.
 */
interface ProcessExit {
    void exit(int code);

    ProcessExit HALT = code -> {
        System.out.flush();
        System.err.flush();
        Runtime.getRuntime().halt(code);
    };
}
