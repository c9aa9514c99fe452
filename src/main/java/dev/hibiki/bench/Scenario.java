package dev.hibiki.bench;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A load shape. Every measured message carries {@code "<marker>:<nanoTime>"} as its text, so the
 * receiver computes latency from the frame alone (sender and receiver share one clock) without
 * parsing the JSON: only the text field is located.
 */
abstract class Scenario implements Fleet.Sink {

    enum Kind {
        IDLE(1000, 0, "connection"),
        ECHO(200, 5000, "echo"),
        BROADCAST(2000, 50, "delivery"),
        ROOM(1000, 200, "delivery");

        final int defaultConnections;
        final double defaultRate;
        final String unit;

        Kind(int connections, double rate, String unit) {
            this.defaultConnections = connections;
            this.defaultRate = rate;
            this.unit = unit;
        }

        static Kind of(String name) {
            for (Kind k : values()) {
                if (k.name().equalsIgnoreCase(name)) {
                    return k;
                }
            }
            return null;
        }
    }

    static Scenario of(BenchOptions o, Meter meter) {
        return switch (o.scenario()) {
            case IDLE -> new Idle(o, meter);
            case ECHO -> new Echo(o, meter);
            case BROADCAST -> new Broadcast(o, meter);
            case ROOM -> new Room(o, meter);
        };
    }

    private static final String TEXT_FIELD = "\"text\":\"";

    protected final BenchOptions options;
    protected final Meter meter;
    protected final String padding;
    private final List<Long> timers = new ArrayList<>();

    Scenario(BenchOptions options, Meter meter) {
        this.options = options;
        this.meter = meter;
        this.padding = options.payload() > 0 ? ":" + "x".repeat(options.payload()) : "";
    }

    /** Connections to open (the broadcast publisher comes on top of its subscribers). */
    int connections() {
        return options.connections();
    }

    /** Work after connecting and before the load starts (joining rooms). */
    void prepare(Fleet fleet) throws InterruptedException {
    }

    /** Starts sending; runs until {@link #stop()}. */
    abstract void start(Fleet fleet);

    void stop(Fleet fleet) {
        timers.forEach(fleet.vertx()::cancelTimer);
    }

    @Override
    public void text(Fleet.Conn conn, String raw) {
        long sentAt = stamp(raw);
        if (sentAt > 0) {
            meter.delivered(sentAt);
        } else if (raw.contains("\"type\":\"error\"")) {
            meter.errors.increment();
        } else {
            other(conn, raw);
        }
    }

    /** A frame that is not a measured message (welcome, count, joined, tick...). */
    void other(Fleet.Conn conn, String raw) {
        meter.otherFrames.increment();
    }

    String text() {
        return "m:" + System.nanoTime() + padding;
    }

    /** The send time carried by a measured frame, or -1. */
    static long stamp(String raw) {
        int at = raw.indexOf(TEXT_FIELD);
        if (at < 0 || raw.length() < at + TEXT_FIELD.length() + 3) {
            return -1;
        }
        int i = at + TEXT_FIELD.length();
        if (raw.charAt(i) != 'm' || raw.charAt(i + 1) != ':') {
            return -1;
        }
        long value = 0;
        int digits = 0;
        for (i += 2; i < raw.length(); i++, digits++) {
            char c = raw.charAt(i);
            if (c < '0' || c > '9') {
                break;
            }
            value = value * 10 + (c - '0');
        }
        return digits == 0 ? -1 : value;
    }

    /**
     * Sends from {@code senders} at {@code rate} messages per second in total, spread evenly. Each
     * event loop paces its own senders with a 5 ms timer and catches up on what is due, so the
     * offered rate holds even when a tick is late.
     */
    protected void pace(Fleet fleet, List<Fleet.Conn> senders, double rate, java.util.function.Consumer<Fleet.Conn> sendOne) {
        if (rate <= 0 || senders.isEmpty()) {
            return;
        }
        Map<io.vertx.core.Context, List<Fleet.Conn>> byLoop = new HashMap<>();
        for (Fleet.Conn c : senders) {
            if (c.socket != null) {
                byLoop.computeIfAbsent(c.context, k -> new ArrayList<>()).add(c);
            }
        }
        int total = byLoop.values().stream().mapToInt(List::size).sum();
        for (Map.Entry<io.vertx.core.Context, List<Fleet.Conn>> loop : byLoop.entrySet()) {
            List<Fleet.Conn> mine = loop.getValue();
            double share = rate * mine.size() / total;
            loop.getKey().runOnContext(v -> {
                long begin = System.nanoTime();
                long[] sentHere = {0};
                AtomicInteger next = new AtomicInteger();
                long id = fleet.vertx().setPeriodic(5, t -> {
                    double elapsed = (System.nanoTime() - begin) / (double) TimeUnit.SECONDS.toNanos(1);
                    long due = (long) (share * elapsed) - sentHere[0];
                    for (long k = 0; k < due; k++) {
                        sendOne.accept(mine.get(Math.floorMod(next.getAndIncrement(), mine.size())));
                    }
                    sentHere[0] += Math.max(0, due);
                });
                synchronized (timers) {
                    timers.add(id);
                }
            });
        }
    }

    /** Holds connections and sends nothing: what does an idle connection cost the server? */
    static final class Idle extends Scenario {
        Idle(BenchOptions o, Meter m) {
            super(o, m);
        }

        @Override
        void start(Fleet fleet) {
        }
    }

    /** Every connection sends echo frames; the answer comes back to the same connection. */
    static final class Echo extends Scenario {
        Echo(BenchOptions o, Meter m) {
            super(o, m);
        }

        @Override
        void start(Fleet fleet) {
            pace(fleet, fleet.conns, options.rate(), c -> {
                c.send("{\"type\":\"echo\",\"text\":\"" + text() + "\"}");
                meter.sent.increment();
                meter.expected.increment();
            });
        }
    }

    /** One publisher broadcasts (self: false) to every other connection. */
    static final class Broadcast extends Scenario {
        Broadcast(BenchOptions o, Meter m) {
            super(o, m);
        }

        @Override
        int connections() {
            return options.connections() + 1;
        }

        @Override
        void start(Fleet fleet) {
            Fleet.Conn publisher = fleet.conns.get(fleet.conns.size() - 1);
            long subscribers = fleet.conns.stream().filter(c -> c.socket != null && c != publisher).count();
            pace(fleet, List.of(publisher), options.rate(), c -> {
                c.send("{\"type\":\"broadcast\",\"self\":false,\"text\":\"" + text() + "\"}");
                meter.sent.increment();
                meter.expected.add(subscribers);
            });
        }
    }

    /** K rooms of M members; the first member of each room publishes to the others (self: false). */
    static final class Room extends Scenario {
        private final AtomicInteger joined = new AtomicInteger();
        private final int[] members;

        Room(BenchOptions o, Meter m) {
            super(o, m);
            members = new int[o.rooms()];
        }

        /** Named after the run's label, so generators run side by side (one per node) keep their rooms apart. */
        private String room(int index) {
            return options.label() + "-" + (index % options.rooms());
        }

        @Override
        void prepare(Fleet fleet) throws InterruptedException {
            int sent = 0;
            for (Fleet.Conn c : fleet.conns) {
                if (c.socket != null) {
                    members[c.index % options.rooms()]++;
                    c.send("{\"type\":\"join\",\"room\":\"" + room(c.index) + "\"}");
                    sent++;
                }
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (joined.get() < sent && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
        }

        /** Broadcasts sent alongside (bench/sharded.sh) reach room members too: not this run's deliveries. */
        @Override
        public void text(Fleet.Conn conn, String raw) {
            if (raw.startsWith("{\"type\":\"broadcast\"")) {
                other(conn, raw);
            } else {
                super.text(conn, raw);
            }
        }

        @Override
        void other(Fleet.Conn conn, String raw) {
            if (raw.contains("\"type\":\"joined\"")) {
                joined.incrementAndGet();
            } else {
                super.other(conn, raw);
            }
        }

        @Override
        void start(Fleet fleet) {
            List<Fleet.Conn> publishers = fleet.conns.subList(0, options.rooms());
            pace(fleet, publishers, options.rate(), c -> {
                c.send("{\"type\":\"publish\",\"self\":false,\"room\":\"" + room(c.index) + "\",\"text\":\"" + text() + "\"}");
                meter.sent.increment();
                meter.expected.add(members[c.index % options.rooms()] - 1);
            });
        }
    }
}
