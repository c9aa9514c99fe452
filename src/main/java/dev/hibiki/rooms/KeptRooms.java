package dev.hibiki.rooms;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * The rooms this node keeps only for their history: nobody is in them here, but a member that
 * reconnects with {@code join {since}} finds the messages it missed. They are cheap to make (join,
 * publish once, leave), so they must neither lock out live users nor grow without bound:
 * <ul>
 * <li>they do not count against {@code hibiki.rooms.max-rooms}, which counts rooms with members,
 * as {@code /api/status} does;</li>
 * <li>past {@code hibiki.rooms.history.max-empty-rooms}, the room that emptied longest ago is
 * forgotten, as it would be once its history passes {@code hibiki.rooms.history.max-age}.</li>
 * </ul>
 * Thread-safe; never takes a room's lock, so it may be called while one is held.
 */
final class KeptRooms {

    private final int max;
    /** Oldest emptied first. */
    private final LinkedHashSet<String> names = new LinkedHashSet<>();

    KeptRooms(int max) {
        this.max = max;
    }

    /**
     * The room emptied and keeps its history. Returns the rooms to forget to stay within the bound,
     * oldest first (possibly this one, when the bound is 0); they are no longer counted here.
     */
    synchronized List<String> keep(String name) {
        names.remove(name);
        names.add(name);
        List<String> over = new ArrayList<>(0);
        Iterator<String> oldest = names.iterator();
        while (names.size() - over.size() > max && oldest.hasNext()) {
            over.add(oldest.next());
            oldest.remove();
        }
        return over;
    }

    /** Someone joined it (or it was closed, or its history aged out): it is not kept any more. */
    synchronized void release(String name) {
        names.remove(name);
    }

    synchronized boolean contains(String name) {
        return names.contains(name);
    }

    synchronized int size() {
        return names.size();
    }
}
