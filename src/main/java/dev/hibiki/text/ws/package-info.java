/**
 * The shared-text commands of the native protocol.
 */
package dev.hibiki.text.ws;
