package dev.hibiki.cli;

/** Process exit codes of {@code hibiki client} (and {@code hibiki bench}), documented in docs/CLI.md. */
public final class ExitCode {
    /** Everything went as expected. */
    public static final int OK = 0;
    /** A demo step did not get its expected answer. */
    public static final int STEP_FAILED = 1;
    /** The command line could not be understood. */
    public static final int USAGE = 2;
    /** No TCP connection: unknown host, connection refused or connect timeout. */
    public static final int UNREACHABLE = 3;
    /** The server answered the WebSocket upgrade with an HTTP error status. */
    public static final int UPGRADE_REFUSED = 4;
    /** The connection was closed and could not be re-established. */
    public static final int CONNECTION_CLOSED = 5;

    private ExitCode() {
    }
}
