/**
 * REST for rooms: list, details, publish from a server, close.
 */
package dev.hibiki.rooms.api;
