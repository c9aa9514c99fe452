/**
 * The {@code status} command.
 */
package dev.hibiki.status.ws;
