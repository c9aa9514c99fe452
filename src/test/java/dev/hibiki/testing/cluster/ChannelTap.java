package dev.hibiki.testing.cluster;

import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A {@code redis-cli SSUBSCRIBE} to one sharded channel, as an operator would watch it: what Redis
 * delivered there, whoever published it. Open it on the primary that serves the channel's slot.
 */
public final class ChannelTap implements AutoCloseable {

    private final Process process;
    private final List<String> lines = new CopyOnWriteArrayList<>();

    private ChannelTap(Process process) {
        this.process = process;
    }

    /** Subscribes and returns once Redis confirmed the subscription. */
    public static ChannelTap open(int port, String channel) {
        Process process;
        try {
            process = new ProcessBuilder("redis-cli", "-p", Integer.toString(port), "SSUBSCRIBE", channel)
                    .redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start redis-cli", e);
        }
        ChannelTap tap = new ChannelTap(process);
        Thread reader = new Thread(tap::read, "tap " + channel);
        reader.setDaemon(true);
        reader.start();
        // Without a terminal redis-cli prints one value per line: ssubscribe, the channel, the count.
        await().atMost(Duration.ofSeconds(10)).until(() -> tap.lines.size() >= 3);
        if (!"ssubscribe".equals(tap.lines.get(0))) {
            tap.close();
            throw new IllegalStateException("redis-cli answered " + tap.lines);
        }
        return tap;
    }

    private void read() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                lines.add(line);
            }
        } catch (IOException e) {
            // closed
        }
    }

    /**
     * The first line of every message received so far: for Hibiki's envelopes the header
     * {@code kind origin args...}. Each message comes as "smessage", the channel, then the payload.
     */
    public List<String> firstLines() {
        List<String> all = List.copyOf(lines);
        List<String> first = new ArrayList<>();
        for (int i = 0; i + 2 < all.size(); i++) {
            if ("smessage".equals(all.get(i))) {
                first.add(all.get(i + 2));
                i += 2;
            }
        }
        return first;
    }

    @Override
    public void close() {
        Processes.stop(process);
    }
}
