package dev.hibiki.hub;

/** CDI event: a connection has gone; observers release what it held (rooms, ...). */
public record ClientClosed(Client client) {
}
