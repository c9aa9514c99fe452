package dev.hibiki.cli;

/** A failure the user should see as one line and an exit code, never as a stack trace. */
public class ClientFailure extends Exception {
    private final int exitCode;

    public ClientFailure(int exitCode, String message) {
        super(message, null, false, false);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}
