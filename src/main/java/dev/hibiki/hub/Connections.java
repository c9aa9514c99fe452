package dev.hibiki.hub;

import java.util.Collection;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

/** The connections open on this node, by id. */
@ApplicationScoped
public class Connections {

    private final ConcurrentHashMap<String, Client> byId = new ConcurrentHashMap<>();

    void add(Client client) {
        byId.put(client.id(), client);
    }

    boolean remove(Client client) {
        return byId.remove(client.id(), client);
    }

    public Optional<Client> get(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    public Collection<Client> all() {
        return byId.values();
    }

    public int size() {
        return byId.size();
    }
}
