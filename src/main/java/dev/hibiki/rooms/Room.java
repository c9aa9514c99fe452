package dev.hibiki.rooms;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.hibiki.hub.Client;
import dev.hibiki.hub.Who;

/**
 * One room: its members on this node and its message sequence. All access holds the room's lock,
 * so a publish assigns its {@code seq} and queues its deliveries atomically and members see
 * messages in {@code seq} order.
 */
final class Room {

    final String name;
    private final Map<String, Client> members = new LinkedHashMap<>();
    private long seq;
    /** Set once the room has been removed from the registry; a joiner that raced it retries. */
    private boolean dead;

    Room(String name) {
        this.name = name;
    }

    boolean dead() {
        return dead;
    }

    void kill() {
        dead = true;
    }

    boolean add(Client client) {
        return members.putIfAbsent(client.id(), client) == null;
    }

    boolean remove(Client client) {
        return members.remove(client.id(), client);
    }

    boolean contains(Client client) {
        return members.get(client.id()) == client;
    }

    int size() {
        return members.size();
    }

    Iterable<Client> members() {
        return members.values();
    }

    List<Who> who() {
        List<Who> list = new ArrayList<>(members.size());
        for (Client client : members.values()) {
            list.add(client.who());
        }
        return list;
    }

    long nextSeq() {
        return ++seq;
    }

    long seq() {
        return seq;
    }
}
