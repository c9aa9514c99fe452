/**
 * The shared text across nodes: a log in Redis orders every edit; each node follows it with a
 * replica.
 */
package dev.hibiki.text.cluster;
