package dev.hibiki.bench;

import dev.hibiki.cli.ClientFailure;
import dev.hibiki.cli.ExitCode;
import java.nio.file.Path;

/** The command line of {@code hibiki bench}, parsed; defaults depend on the scenario. */
public record BenchOptions(Scenario.Kind scenario, String url, int connections, double rate, int rooms,
        double warmup, double duration, double drain, int rampBatch, long rampIntervalMs, int payload,
        boolean deflate, long serverPid, boolean json, Path html, int eventLoops, String label, String token, String publishUrl, boolean help) {

    public static final String USAGE = """
            usage: hibiki bench idle|echo|broadcast|room [URL] [options]
              URL                 address of a Hibiki /ws (default ws://localhost:8080/ws); several,
                                  comma-separated (the nodes of a cluster), get the connections in turn
              --publish-url URL   broadcast: the publisher connects here instead (cross-node latency)
              -c, --connections N connections (idle 1000, echo 200, broadcast 2000 subscribers, room 1000)
              -r, --rate R        messages per second offered in total (echo 5000, broadcast 50, room 200)
              --rooms K           rooms for the room scenario, connections/K members each (default 10)
              -d, --duration S    measured seconds after the warm-up (default 10; idle: seconds held)
              --warmup S          seconds of load before measuring, for the JIT (default 5; idle 0)
              --drain S           seconds to wait for late deliveries after sending stops (default 5)
              --ramp-batch N      connections opened per batch (default 250)
              --ramp-interval MS  pause between batches (default 50)
              --payload BYTES     padding added to each message text (default 0)
              --deflate           offer permessage-deflate (measure the server with compression)
              --server-pid PID    read the server's CPU time and RSS from /proc (same host only)
              --json              print the summary as JSON on stdout (progress goes to stderr)
              --html FILE         write an HTML report (latency histogram, timeline), no internet needed
              --event-loops N     generator event loops (default: available processors)
              --label TEXT        a name for this run in the report (e.g. hibiki, node-ws)
              --token JWT         when the server requires authentication (default: $HIBIKI_TOKEN)""";

    public static BenchOptions parse(String[] args) throws ClientFailure {
        if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h")) {
            return new BenchOptions(Scenario.Kind.ECHO, null, 0, 0, 0, 0, 0, 0, 0, 0, 0, false, 0, false, null, 0, null, null, null, true);
        }
        Scenario.Kind kind = Scenario.Kind.of(args[0]);
        if (kind == null) {
            throw new ClientFailure(ExitCode.USAGE, "unknown scenario '" + args[0] + "': idle, echo, broadcast or room");
        }
        String url = "ws://localhost:8080/ws";
        Integer connections = null;
        Double rate = null;
        int rooms = 10;
        Double warmup = null;
        double duration = 10;
        double drain = 5;
        int rampBatch = 250;
        long rampInterval = 50;
        int payload = 0;
        boolean deflate = false;
        long pid = 0;
        boolean json = false;
        Path html = null;
        int loops = Runtime.getRuntime().availableProcessors();
        String label = null;
        String token = System.getenv("HIBIKI_TOKEN");
        String publishUrl = null;
        boolean urlSeen = false;
        for (int i = 1; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "-c", "--connections" -> connections = (int) number(args, ++i, a, 1);
                case "-r", "--rate" -> rate = number(args, ++i, a, 0);
                case "--rooms" -> rooms = (int) number(args, ++i, a, 1);
                case "-d", "--duration" -> duration = number(args, ++i, a, 0);
                case "--warmup" -> warmup = number(args, ++i, a, 0);
                case "--drain" -> drain = number(args, ++i, a, 0);
                case "--ramp-batch" -> rampBatch = (int) number(args, ++i, a, 1);
                case "--ramp-interval" -> rampInterval = (long) number(args, ++i, a, 0);
                case "--payload" -> payload = (int) number(args, ++i, a, 0);
                case "--deflate" -> deflate = true;
                case "--server-pid" -> pid = (long) number(args, ++i, a, 1);
                case "--json" -> json = true;
                case "--html" -> html = Path.of(value(args, ++i, a));
                case "--event-loops" -> loops = (int) number(args, ++i, a, 1);
                case "--label" -> label = value(args, ++i, a);
                case "--token" -> token = value(args, ++i, a);
                case "--publish-url" -> publishUrl = value(args, ++i, a);
                default -> {
                    if (a.startsWith("-") || urlSeen) {
                        throw new ClientFailure(ExitCode.USAGE, "unexpected argument '" + a + "' (try hibiki bench --help)");
                    }
                    url = a;
                    urlSeen = true;
                }
            }
        }
        int n = connections != null ? connections : kind.defaultConnections;
        if (kind == Scenario.Kind.ROOM && n < rooms * 2) {
            throw new ClientFailure(ExitCode.USAGE, "room needs at least 2 connections per room (" + rooms + " rooms)");
        }
        return new BenchOptions(kind, url, n, rate != null ? rate : kind.defaultRate, rooms,
                warmup != null ? warmup : kind == Scenario.Kind.IDLE ? 0 : 5, duration, drain, rampBatch, rampInterval,
                payload, deflate, pid, json, html, loops, label == null ? kind.name().toLowerCase() : label, token, publishUrl, false);
    }

    private static String value(String[] args, int i, String option) throws ClientFailure {
        if (i >= args.length) {
            throw new ClientFailure(ExitCode.USAGE, option + " needs a value");
        }
        return args[i];
    }

    private static double number(String[] args, int i, String option, double min) throws ClientFailure {
        String text = value(args, i, option);
        try {
            double v = Double.parseDouble(text);
            if (v >= min && !Double.isInfinite(v)) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new ClientFailure(ExitCode.USAGE, option + " needs a number >= " + (long) min + ", got " + text);
    }
}
