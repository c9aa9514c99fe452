package dev.hibiki.hub;

import java.util.Collection;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

/** The connections open on this node, by id. */
@ApplicationScoped
public class Connections {

    private final ConcurrentHashMap<String, Client> byId = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Integer> perAddress = new ConcurrentHashMap<>();

    void add(Client client) {
        byId.put(client.id(), client);
        perAddress.merge(client.address(), 1, Integer::sum);
    }

    boolean remove(Client client) {
        if (!byId.remove(client.id(), client)) {
            return false;
        }
        perAddress.computeIfPresent(client.address(), (address, n) -> n <= 1 ? null : n - 1);
        return true;
    }

    /** Open connections from one client address. */
    public int fromAddress(String address) {
        return perAddress.getOrDefault(address, 0);
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
