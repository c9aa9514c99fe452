/**
 * The native WebSocket door {@code /ws}: the websockets-next endpoint (a thin adapter onto the
 * hub), its {@link dev.hibiki.hub.Peer}, and the upgrade gate that runs the {@link
 * dev.hibiki.security.UpgradeCheck}s before the upgrade so refusals carry a JSON body.
 */
package dev.hibiki.ws;
