/**
 * REST for other servers: broadcast and notifications, sent {@code from} the server.
 */
package dev.hibiki.messaging.api;
