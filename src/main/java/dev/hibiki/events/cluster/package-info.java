/**
 * One tick per interval for the whole cluster, through a lease in Redis.
 */
package dev.hibiki.events.cluster;
