/**
 * The messaging commands of the native protocol.
 */
package dev.hibiki.messaging.ws;
