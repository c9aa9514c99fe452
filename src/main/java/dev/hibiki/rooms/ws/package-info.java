/**
 * The rooms commands of the native protocol.
 */
package dev.hibiki.rooms.ws;
