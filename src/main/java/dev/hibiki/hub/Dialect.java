package dev.hibiki.hub;

/**
 * How hub frames are worded for peers that speak another protocol (Socket.IO's events). A dialect
 * translates a hub frame (its JSON in {@link WireFrame#text()}) into the packets its peers read.
 * The translation runs once per frame and dialect, whatever the number of recipients, and the
 * result is shared by all of them: keep dialects few (one per namespace, say) and long-lived.
 */
public interface Dialect {

    /** This dialect's form of {@code frame}, or null when its peers get nothing for it. */
    WireFrame translate(WireFrame frame);
}
