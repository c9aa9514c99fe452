/**
 * Echo, broadcast, notifications, ping and disconnect. {@link dev.hibiki.messaging.Announcer} is
 * shared by the WebSocket commands ({@code ws}) and REST ({@code api}).
 */
package dev.hibiki.messaging;
