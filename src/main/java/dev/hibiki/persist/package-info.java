/**
 * Durable rooms and texts across restarts: a journal and snapshots on disk, implementing the
 * journals the features own.
 */
package dev.hibiki.persist;
