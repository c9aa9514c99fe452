package dev.hibiki.cli;

import java.time.Duration;

/** The command line of {@code hibiki client}, parsed. */
public record ClientOptions(String url, String name, boolean demo, boolean json, boolean colour,
        Duration timeout, int retries, boolean help) {

    public static final String USAGE = """
            usage: hibiki client [URL] [--name NAME] [--demo] [--json] [--no-color]
                                 [--timeout SECONDS] [--retries N | --no-reconnect]
              URL             ws://, wss://, http:// or https:// address of /ws (default %s)
              --name NAME     display name (1-32 characters; the server picks guest-XXXX otherwise)
              --demo          run the automatic tour and exit 0 when every step passed
              --json          print frames exactly as received, one per line
              --no-color      no ANSI colours even on a terminal
              --timeout S     seconds to wait for connecting and for each answer (default 5)
              --retries N     reconnect attempts after a lost connection (default 10)
              --no-reconnect  exit when the connection is lost
            exit codes: 0 ok, 1 demo step failed, 2 usage, 3 unreachable, 4 upgrade refused (HTTP status),
                        5 connection closed""".formatted(Target.DEFAULT_URL);

    public static ClientOptions parse(String[] args, boolean terminal) throws ClientFailure {
        String url = null;
        String name = null;
        boolean demo = false;
        boolean json = false;
        boolean colour = terminal;
        boolean help = false;
        Duration timeout = Duration.ofSeconds(5);
        int retries = 10;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "--name", "-n" -> name = value(args, ++i, arg);
                case "--demo" -> demo = true;
                case "--json" -> json = true;
                case "--no-color", "--no-colour" -> colour = false;
                case "--timeout" -> timeout = Duration.ofMillis((long) (positive(value(args, ++i, arg), arg) * 1000));
                case "--retries" -> retries = (int) positive(value(args, ++i, arg), arg);
                case "--no-reconnect" -> retries = 0;
                case "--help", "-h" -> help = true;
                default -> {
                    if (arg.startsWith("-")) {
                        throw new ClientFailure(ExitCode.USAGE, "unknown option " + arg + " (try --help)");
                    }
                    if (url != null) {
                        throw new ClientFailure(ExitCode.USAGE, "only one URL, got " + url + " and " + arg);
                    }
                    url = arg;
                }
            }
        }
        if (name != null && (name.isBlank() || name.length() > 32)) {
            throw new ClientFailure(ExitCode.USAGE, "--name must be 1-32 characters");
        }
        return new ClientOptions(url == null ? Target.DEFAULT_URL : url, name, demo, json, colour, timeout, retries, help);
    }

    private static String value(String[] args, int i, String option) throws ClientFailure {
        if (i >= args.length) {
            throw new ClientFailure(ExitCode.USAGE, option + " needs a value");
        }
        return args[i];
    }

    private static double positive(String text, String option) throws ClientFailure {
        try {
            double v = Double.parseDouble(text);
            if (v >= 0 && !Double.isInfinite(v)) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new ClientFailure(ExitCode.USAGE, option + " needs a non-negative number, got " + text);
    }
}
