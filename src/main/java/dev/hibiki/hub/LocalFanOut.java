package dev.hibiki.hub;

import jakarta.enterprise.context.ApplicationScoped;

/** In-memory fan-out: encodes the frame once and queues the same string on every recipient. */
@ApplicationScoped
public class LocalFanOut implements FanOut {

    private final Json json;
    private final Connections connections;

    LocalFanOut(Json json, Connections connections) {
        this.json = json;
        this.connections = connections;
    }

    @Override
    public int everyone(Outbound frame, Client except) {
        return recipients(connections.all(), frame, except);
    }

    @Override
    public int recipients(Iterable<Client> recipients, Outbound frame, Client except) {
        String encoded = json.encode(frame);
        int delivered = 0;
        for (Client client : recipients) {
            if (client != except && client.sendEncoded(encoded)) {
                delivered++;
            }
        }
        return delivered;
    }
}
