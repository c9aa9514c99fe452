/**
 * The core every feature builds on: admitting transport-neutral clients ({@link
 * dev.hibiki.hub.Peer}, {@link dev.hibiki.hub.Client}), the dispatcher and the {@link
 * dev.hibiki.hub.Command} plug-in point, encode-once fan-out ({@link dev.hibiki.hub.FanOut}, {@link
 * dev.hibiki.hub.WireFrame}, {@link dev.hibiki.hub.Outlet}), counts, heartbeats, shutdown, and
 * every hub-wide limit ({@link dev.hibiki.hub.HubConfig}). Knows no feature: features observe
 * {@link dev.hibiki.hub.ClientOpened}/{@link dev.hibiki.hub.ClientClosed}; what crosses nodes is
 * behind {@link dev.hibiki.hub.OtherNodes}.
 */
package dev.hibiki.hub;
