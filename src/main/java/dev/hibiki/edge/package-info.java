/**
 * The wire under every door: the first route of every HTTP request refuses ambiguous HTTP framing
 * and malformed upgrades, and a guard on each connection answers WebSocket framing violations with
 * the close code RFC 6455 asks for; peer errors are logged once per cause and counted.
 */
package dev.hibiki.edge;
