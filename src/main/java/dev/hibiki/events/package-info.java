/**
 * Server-generated events: the scheduler's {@code tick}; a {@link dev.hibiki.events.TickSource}
 * decides which node emits each one.
 */
package dev.hibiki.events;
