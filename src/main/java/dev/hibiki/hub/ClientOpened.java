package dev.hibiki.hub;

/** CDI event: a connection has been welcomed and counted. */
public record ClientOpened(Client client) {
}
