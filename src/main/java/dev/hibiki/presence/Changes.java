package dev.hibiki.presence;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.hibiki.hub.Client;
import dev.hibiki.hub.Who;

/**
 * The joins and leaves of one coalescing window, in order. Someone who comes and goes within the
 * same window is never announced; someone who leaves and comes back is. Not thread-safe: its
 * owner holds a lock.
 */
public final class Changes {

    /** One change; {@code client} is the local connection that joined (excluded from its own notice), or null. */
    public record Change(boolean joined, Who who, Client client) {
    }

    private final Map<String, Change> joined = new LinkedHashMap<>();
    private final Map<String, Change> left = new LinkedHashMap<>();

    public void joined(Who who, Client client) {
        joined.put(who.id(), new Change(true, who, client));
    }

    public void left(Who who) {
        if (joined.remove(who.id()) == null) {
            left.put(who.id(), new Change(false, who, null));
        }
    }

    public boolean isEmpty() {
        return joined.isEmpty() && left.isEmpty();
    }

    /** The only change of the window, or null when there are none or several. */
    public Change single() {
        if (joined.size() + left.size() != 1) {
            return null;
        }
        return joined.isEmpty() ? left.values().iterator().next() : joined.values().iterator().next();
    }

    public List<Who> joined(int max) {
        return names(joined, max);
    }

    public List<Who> left(int max) {
        return names(left, max);
    }

    /** How many names {@link #joined(int)} and {@link #left(int)} leave out; null when none. */
    public Integer omitted(int max) {
        int omitted = Math.max(0, joined.size() - max) + Math.max(0, left.size() - max);
        return omitted == 0 ? null : omitted;
    }

    private static List<Who> names(Map<String, Change> changes, int max) {
        List<Who> names = new ArrayList<>(Math.min(max, changes.size()));
        for (Change change : changes.values()) {
            if (names.size() == max) {
                break;
            }
            names.add(change.who());
        }
        return names;
    }
}
